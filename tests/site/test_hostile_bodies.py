"""Issue 14: raw HTML a page must not carry, and header links that break out, fail the build and
`make check` alike, each at its file and line with the fix; the previous site stays.

tests/roots/hostile-bodies: one post with a forbidden thing per line (script, iframe, meta
refresh, link, style, srcset, style=url(), an event handler, javascript:/data: links, a form,
object, embed, pictures from another site inline and by reference), an event whose Register
closes its href, and a page with an iframe.
"""
from __future__ import annotations

import shutil

import pytest

from campaign.checks import site as checks
from tests.safety_roots import build, problems, project

POST = "content/posts/campaigns/2026-11-01-raw-html.md"
NO_SCRIPTS = "the site runs no scripts from posts"
REMOTE_FIX = ("save it into content/images/ and write /images/name.jpg: this site loads nothing from other sites")
LINK_FIX = "link to an https:// address (or mailto:) instead"
EXPECTED_POSTS = sorted([
    f"{POST}:4: <script> removed: {NO_SCRIPTS} — remove the <script> tag",
    f"{POST}:8: <script> removed: {NO_SCRIPTS} — remove the <script> tag",
    (f"{POST}:10: <iframe> removed: a post cannot embed another site's page (it could track readers) — "
    "remove the <iframe>; for a video use a ```video block, otherwise link to the page"),
    (f"{POST}:12: <meta> removed: a post cannot change the page's head (a refresh would send readers elsewhere) — "
    "remove the <meta> tag"),
    f"{POST}:14: <link> removed: a post cannot load style sheets or other files — remove the <link> tag",
    f"{POST}:16: <style> removed: the theme's style sheet styles every post — remove the <style> block",
    (f"{POST}:18: srcset on <img> removed: it can load pictures from other sites — "
    "remove srcset; give one picture from content/images/ in src"),
    (f"{POST}:20: style on <p> (background:url(https://other.example/track.png)) removed: "
    "the theme's style sheet styles posts — remove the style attribute"),
    f'{POST}:22: the onerror attribute on <img> removed: {NO_SCRIPTS} — remove onerror="..."',
    f"{POST}:24: the link javascript:window.__pwned=4 removed: javascript: addresses are not allowed — {LINK_FIX}",
    f"{POST}:24: the link data:text/html,hi removed: data: addresses are not allowed — {LINK_FIX}",
    # The check names the reference-style picture where it is used, the sanitiser where its address is.
    f"{POST}:26: the picture https://other.example/picture.png is loaded from another site — {REMOTE_FIX}",
    (f"{POST}:28: <form> removed: a post cannot contain a form (it could send readers' details elsewhere) — "
    "remove the form; link to the form's page instead"),
    f"{POST}:28: <input> removed: the <input> element is not allowed in a post — remove the <input> tag, or write it in Markdown",
    f"{POST}:30: <object> removed: a post cannot embed plug-in content — remove the <object>; link to the file instead",
    f"{POST}:32: <embed> removed: a post cannot embed plug-in content — remove the <embed>; link to the file instead",
    f"{POST}:34: the picture https://other.example/pixel.png is loaded from another site — {REMOTE_FIX}",
    # The reference-style picture `![...][remote]` is reported at its `[remote]: https://...` line.
    f"{POST}:36: the picture https://other.example/picture.png is loaded from another site — {REMOTE_FIX}",
    ("content/posts/events/2026-11-02-bad-links.md:8: Register 'https://example.org/x\" onmouseover=\"window.__pwned=5' "
    'has a quote mark " at character 22, which cannot be in an address — write the full address as your browser '
    "shows it, starting https:// (or mailto: for an email address)"),
])
EXPECTED_PAGE = [
    ("content/pages/about.md:4: <iframe> removed: a post cannot embed another site's page (it could track readers) — "
    "remove the <iframe>; for a video use a ```video block, otherwise link to the page"),
]
EXPECTED_INTRO = [
    "content/sections/campaigns.md:4: <script> removed: the site runs no scripts from posts — remove the <script> tag",
]


def _without(folder, *rels):
    for rel in rels:
        path = folder / "content" / rel
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    return folder


def _page_only(folder):
    return _without(folder, "posts")


def _intro_only(folder):
    (folder / "content" / "sections").mkdir()
    (folder / "content" / "sections" / "campaigns.md").write_text(
        "What we campaign for.\n\nAnd how:\n<script>window.__pwned=6</script>\n", encoding="utf-8")
    return _without(folder, "posts", "pages")


def _posts_only(folder):
    # Pelican reads pages after posts, and the build stops at the posts' problems: pages apart.
    return _without(folder, "pages")


@pytest.mark.parametrize("make, expected", [(_posts_only, EXPECTED_POSTS), (_page_only, EXPECTED_PAGE),
                                            (_intro_only, EXPECTED_INTRO)], ids=["posts", "page", "section-intro"])
def test_build_and_check_report_every_removal_at_its_line(tmp_path, make, expected):
    folder = make(project("hostile-bodies", tmp_path))
    previous = folder / "output" / "index.html"
    previous.parent.mkdir()
    previous.write_text("the previous site", encoding="utf-8")
    result, _ = build(folder)
    assert result.returncode != 0
    assert problems(result, folder) == expected, result.stderr
    assert "Traceback" not in result.stderr
    assert previous.read_text(encoding="utf-8") == "the previous site"
    assert sorted(str(p) for p in checks.check_site(folder)[1]) == expected
