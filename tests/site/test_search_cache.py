"""An unchanged site reuses its search index; any changed page makes a new one, identical to fresh."""
import filecmp

from tests.conftest import run_build


def _same_tree(a, b) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(_same_tree(a / d, b / d) for d in cmp.common_dirs)


def test_search_index_reused_only_when_no_page_changed(content_copy, tmp_path):
    env = {"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")}
    first = run_build(content_copy, tmp_path / "out1", env=env)
    assert first.returncode == 0, first.stderr
    assert "search index made" in first.stdout
    second = run_build(content_copy, tmp_path / "out2", env=env)
    assert "search index reused: no page changed" in second.stdout
    assert _same_tree(tmp_path / "out1" / "pagefind", tmp_path / "out2" / "pagefind")
    post = content_copy / "posts" / "campaigns" / "2021-07-14-save-the-nhs.md"
    post.write_text(post.read_text() + "\nA new closing line about hospitals.\n")
    third = run_build(content_copy, tmp_path / "out3", env=env)
    assert "search index made" in third.stdout
    assert not _same_tree(tmp_path / "out1" / "pagefind", tmp_path / "out3" / "pagefind")
