"""Content from another Pelican site: the forms this site does not support are refused at their line."""
from __future__ import annotations

import shutil

from campaign.checks.site import check_site
from tests.conftest import ROOT
from tests.wordpress_helpers import make_project


def test_rst_translations_and_old_links_are_refused_at_their_line(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(ROOT / "tests" / "roots" / "pelican-forms" / "content", project / "content")
    problems = [str(p) for p in check_site(project)[1]]
    assert problems == [
        ("content/posts/news/2012-11-29-hello.md:7: the link form |static| is Pelican's old one and is not checked "
        "— write {static} instead of |static|"),
        ("content/posts/news/2012-11-29-hello.md:9: the link form |filename| is Pelican's old one and is not checked "
        "— write {filename} instead of |filename|"),
        ("content/posts/news/2012-11-30-bonjour.md:4: translations (Lang: fr) are not supported: it would be "
        "published as a post in the main language — remove the file, or remove the Lang line to publish it as a "
        "post of its own"),
        ("content/posts/news/first-post.rst:1: reStructuredText posts are not supported (this site reads Markdown) "
        "— convert it: `pandoc -f rst -t markdown`, then write its `:title:`-style fields as `Title: ...` lines at "
        "the top, and rename it to .md"),
    ]
