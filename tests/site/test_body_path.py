"""Issue 18: `make html` after an edit to posts' text only (tools/body_edit.py) renders the pages
that show it without running Pelican; whatever it skips, the output folder is byte for byte a
clean build of the same files, and a mistake in the new text fails with its file and line,
leaving the output as it was.

Real builds (tools/build.build and main, what `make html` runs) of the small preview root, in this process.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.tools.build import BuildFailed, build, describe, main
from tests.conftest import BUILD_DAY
from tests.site.test_live_preview import OPS, Tree, apply, differences


def _overrides(tree: Tree, cache: Path) -> dict:
    return {"PATH": str(tree.content), "CAMPAIGN_TODAY": BUILD_DAY, "CAMPAIGN_CACHE_PATH": str(cache),
            "THEME_TEMPLATES_OVERRIDES": [str(tree.templates)]}


def _build(tree: Tree, out: Path, cache: Path):
    return build(str(tree.conf), out, _overrides(tree, cache))


def _clean(tree: Tree, where: Path) -> Path:
    out, cache = where / "clean", where / "clean-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    assert not _build(tree, out, cache).body_path
    return out


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


OPS_WITH_BODIES = st.one_of(OPS, st.tuples(st.just("body"), st.integers(0, 40), st.sampled_from(["strike", "vote"])))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(OPS_WITH_BODIES, min_size=1, max_size=6))
def test_any_sequence_of_edits_through_make_html_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        _build(tree, base / "out", tree.cache)
        for op in ops:
            apply(tree, op)
            result = _build(tree, base / "out", tree.cache)
            assert result.body_path == (op[0] in {"body", "page"})
            assert differences(base / "out", _clean(tree, base)) == []


def test_a_body_edit_takes_the_body_path_and_says_so(tmp_path, capsys):
    tree = Tree(tmp_path)
    out = tmp_path / "out"
    _build(tree, out, tree.cache)
    post = tree.content / "posts" / "post-05.md"
    untouched = out / "2025" / "07" / "post-number-6" / "index.html"
    before = untouched.stat().st_ino
    post.write_text(post.read_text(encoding="utf-8").replace("Member hearing", "Every member hearing", 1),
                    encoding="utf-8")
    args = ["--settings", str(tree.conf), "--output", str(out), "--content", str(tree.content), "--today", BUILD_DAY]
    # The cache and template folders come from the environment, as `make html` gives them.
    conf = tree.conf.read_text(encoding="utf-8")
    tree.conf.write_text(conf + f"CAMPAIGN_CACHE_PATH = {str(tree.cache)!r}\n"
                         f"THEME_TEMPLATES_OVERRIDES = [{str(tree.templates)!r}]\n", encoding="utf-8")
    assert main(args) == 0  # the settings changed: a full build, which leaves its record
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(args) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert "only the text of posts/post-05.md changed" in last and "Pelican not run" in last, last
    assert "One more sentence." in (out / "2025" / "06" / "post-number-5" / "index.html").read_text(encoding="utf-8")
    assert untouched.stat().st_ino == before
    assert differences(out, _clean(tree, tmp_path)) == []


def test_a_mistake_in_the_new_text_fails_with_file_and_line_and_leaves_the_output(tmp_path):
    tree = Tree(tmp_path)
    out = tmp_path / "out"
    _build(tree, out, tree.cache)
    before = _files(out)
    post = tree.content / "posts" / "post-05.md"
    good = post.read_text(encoding="utf-8")
    for bad in ("\nSee [this]({filename}/posts/no-such-post.md).\n", "\n```chart\nkind: pie\n```\n"):
        post.write_text(good + bad, encoding="utf-8")
        with pytest.raises(BuildFailed, match=r"post-05\.md:\d+: "):
            _build(tree, out, tree.cache)
        assert _files(out) == before
    post.write_text(good + "\nFixed now.\n", encoding="utf-8")
    result = _build(tree, out, tree.cache)
    assert result.body_path, describe(result, "out")
    assert differences(out, _clean(tree, tmp_path)) == []
