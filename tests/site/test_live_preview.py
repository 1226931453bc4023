"""Issue 18: the live preview keeps the site in memory and re-renders only what a save changed;
whatever it skips, its output folder is byte for byte a clean build of the same files.

Random sequences of edits (body, title, date, section, tags), new, deleted and renamed posts,
template and settings changes, and mistakes, on a small tree (tests/roots/preview-small),
compared with a clean build after each sequence. Real Pelican builds, in this process.
"""
from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.tools.build import BuildFailed
from campaign.tools.live_site import LiveSite
from tests.conftest import BUILD_DAY, ROOT

SMALL = ROOT / "tests" / "roots" / "preview-small"
SECTIONS = ["Campaigns", "Leaflets", "Press releases", "Residents' stories", "Meetings"]
TAGS = ["democracy", "branch", "appeal", "new tag", "picket"]


def differences(a: Path, b: Path) -> list[str]:
    """Files only in one folder, or in both with different bytes."""
    cmp = filecmp.dircmp(a, b)
    found = [str(a / n) for n in cmp.left_only] + [str(b / n) for n in cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    found += [str(a / n) for n in mismatch + errors]
    for folder in cmp.common_dirs:
        found += differences(a / folder, b / folder)
    return found


class Tree:
    """A copy of the small root, its settings file and a template override folder."""

    def __init__(self, base: Path):
        self.base = base
        self.content = base / "content"
        shutil.copytree(SMALL, self.content)
        self.templates = base / "templates"
        self.templates.mkdir()
        self.conf = base / "conf.py"
        self.set_tagline("Testing the preview")
        self.cache = base / "cache"

    def built_site(self) -> LiveSite:
        """The preview of this tree into base/live, after its first full build."""
        live = self.site(self.base / "live", self.cache)
        live.full()
        return live

    def site(self, output: Path, cache: Path) -> LiveSite:
        return LiveSite(str(self.conf), output, {
            "PATH": str(self.content), "CAMPAIGN_TODAY": BUILD_DAY, "CAMPAIGN_PREVIEW": True,
            "CAMPAIGN_CACHE_PATH": str(cache), "THEME_TEMPLATES_OVERRIDES": [str(self.templates)]})

    def set_tagline(self, text: str) -> Path:
        self.conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOT / 'tests' / 'roots')!r})\n"
                             f"from rootconf import *  # noqa: F401,F403\nSITE_TAGLINE = {text!r}\n")
        return self.conf

    def posts(self) -> list[Path]:
        # post-01 stays: the other posts and the pages link to it.
        return sorted(p for p in (self.content / "posts").glob("*.md") if p.name != "post-01.md")


def _header_line(path: Path, field: str, value: str) -> Path:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in lines]
    if not any(line.startswith(f"{field}:") for line in lines):
        lines.insert(1, f"{field}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def apply(tree: Tree, op: tuple) -> set[Path]:
    """Make one edit; the files it changed (as a file watcher would report them)."""
    kind, n, word = op
    posts = tree.posts()
    post = posts[n % len(posts)]
    if kind == "body":
        post.write_text(post.read_text(encoding="utf-8") + f"\nA sentence about the {word}, added -- late...\n",
                        encoding="utf-8")
    elif kind == "page":
        post = tree.content / "pages" / ("about.md", "contact.md")[n % 2]
        post.write_text(post.read_text(encoding="utf-8") + f"\nAbout the {word}.\n", encoding="utf-8")
    elif kind == "title":
        _header_line(post, "Title", f"The {word} post {n}")
    elif kind == "date":
        _header_line(post, "Date", f"2024-{n % 12 + 1:02d}-{n % 28 + 1:02d}")
    elif kind == "section":
        _header_line(post, "Category", SECTIONS[n % len(SECTIONS)])
    elif kind == "tags":
        _header_line(post, "Tags", ", ".join(sorted({TAGS[n % len(TAGS)], TAGS[(n + 2) % len(TAGS)]})))
    elif kind == "new":
        post = tree.content / "posts" / f"new-{word}-{n}.md"
        post.write_text(f"Title: New {word} {n}\nDate: 2025-03-{n % 28 + 1:02d}\nCategory: Campaigns\n"
                        "Summary: A new post.\n\n"
                        f"A new post about the {word}.\n", encoding="utf-8")
    elif kind == "delete":
        post.unlink()
    elif kind == "rename":
        new = post.with_name(f"renamed-{n}-{post.name}")
        post.rename(new)
        return {post, new}
    elif kind == "template":
        base = (ROOT / "theme" / "templates" / "base.html").read_text(encoding="utf-8")
        post = tree.templates / "base.html"
        post.write_text(base.replace("</body>", f"<!-- {word} {n} --></body>"), encoding="utf-8")
    elif kind == "settings":
        post = tree.set_tagline(f"Tagline {word} {n}")
    return {post}


#: The edits the header path applies (tools/header_edit.py): each is one, never a full build.
HEADER_EDITS = {"title", "date", "section", "tags"}


def _headers(tree: Tree) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8").split("\n\n", 1)[0] for p in tree.posts()}


OPS = st.tuples(st.sampled_from(["body", "body", "body", "page", "title", "date", "section", "tags", "new",
                                 "delete", "rename", "template", "settings"]),
                st.integers(0, 40), st.sampled_from(["branch", "rule", "picket", "vote"]))


def _clean(tree: Tree, where: Path) -> Path:
    out = where / "clean"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(where / "clean-cache", ignore_errors=True)
    tree.site(out, where / "clean-cache").full()
    return out


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(OPS, min_size=1, max_size=6))
def test_any_sequence_of_saves_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = Tree(base)
        live = tree.built_site()
        for op in ops:
            before = _headers(tree)
            update = live.changed(apply(tree, op))
            if op[0] in HEADER_EDITS and _headers(tree) != before:
                assert update.how == "header", op  # never a full build (issue 18)
        assert differences(base / "live", _clean(tree, base)) == []


def test_a_body_edit_rewrites_only_what_shows_the_text(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    post = tree.content / "posts" / "post-05.md"
    page = tmp_path / "live" / "2025" / "06" / "post-number-5" / "index.html"
    untouched = tmp_path / "live" / "2025" / "07" / "post-number-6" / "index.html"
    before = untouched.stat().st_ino
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("Member hearing", "Every member hearing", 1), encoding="utf-8")
    update = live.changed({post})
    assert update.how == "text"
    assert "2025/06/post-number-5/index.html" in update.written
    assert "index.html" not in update.written  # the home page shows its Summary, not its text
    assert "feeds/all.atom.xml" in update.written
    assert "2025/07/post-number-6/index.html" not in update.written
    assert untouched.stat().st_ino == before
    assert "Every member hearing" in page.read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
    # A header edit goes through the header path (tests/site/test_header_edits.py); a template edit is a full build.
    assert live.changed({_header_line(post, "Title", "Renamed")}).how == "header"
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
    assert live.changed(apply(tree, ("template", 1, "vote"))).how == "full"
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []


def test_a_mistake_in_a_body_edit_leaves_the_preview_as_it_was(tmp_path):
    tree = Tree(tmp_path)
    live = tree.built_site()
    page = tmp_path / "live" / "2025" / "06" / "post-number-5" / "index.html"
    before = page.read_bytes()
    post = tree.content / "posts" / "post-05.md"
    good = post.read_text(encoding="utf-8")
    post.write_text(good + "\nSee [this]({filename}/posts/no-such-post.md).\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"post-05\.md:\d+: link to '/posts/no-such-post.md'"):
        live.changed({post})
    assert page.read_bytes() == before
    post.write_text(good + "\n```chart\nkind: pie\n```\n", encoding="utf-8")
    with pytest.raises(BuildFailed, match=r"post-05\.md:\d+: "):
        live.changed({post})
    assert page.read_bytes() == before
    post.write_text(good + "\nFixed now.\n", encoding="utf-8")
    live.changed({post})
    assert "Fixed now." in page.read_text(encoding="utf-8")
    assert differences(tmp_path / "live", _clean(tree, tmp_path)) == []
