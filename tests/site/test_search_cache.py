"""An unchanged site reuses its search index; any changed page makes a new one, identical to fresh."""
import filecmp

from tests.conftest import copy_root, run_build, settings_with


def _same_tree(a, b) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_same_tree(a / d, b / d) for d in cmp.common_dirs)


def test_search_index_reused_only_when_no_page_changed(tmp_path):
    content = copy_root("minimal", tmp_path)
    conf = settings_with(tmp_path, base="rootconf")
    env = {"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")}
    first = run_build(content, tmp_path / "out1", settings=conf, env=env)
    assert first.returncode == 0, first.stderr
    assert "search index made" in first.stdout
    second = run_build(content, tmp_path / "out2", settings=conf, env=env)
    assert "search index reused: no page changed" in second.stdout
    assert _same_tree(tmp_path / "out1" / "pagefind", tmp_path / "out2" / "pagefind")
    post = content / "posts" / "campaigns" / "2021-05-01-first-post.md"
    post.write_text(post.read_text() + "\nA new closing line about the bins.\n")
    third = run_build(content, tmp_path / "out3", settings=conf, env=env)
    assert "search index made" in third.stdout
    assert not _same_tree(tmp_path / "out1" / "pagefind", tmp_path / "out3" / "pagefind")
