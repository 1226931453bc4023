"""Slugs are plain words, output paths stay in the site, and collisions name both files."""
from __future__ import annotations

from datetime import datetime

import pytest

from campaign.checks.site_plan import title_slug
from campaign.content.slugs import Claim, find_collisions, slug_problem
from campaign.errors import CampaignError
from campaign.outputs.safe_paths import join_output
from tests.conftest import ROOT


@pytest.mark.parametrize("slug", ["../../x", "/etc/x", "a/../../x", ".hidden", "Has Capitals", "two words",
                                  "x\\y", "", "a//b"])
def test_unsafe_or_odd_slugs_are_problems(slug):
    found = slug_problem(slug, "post.md", 3)
    assert found is not None and str(found).startswith(f"post.md:3: the Slug {slug!r} is not a plain web address — ")


@pytest.mark.parametrize("slug", ["about", "save-our-nhs", "2021-report", "section/campaigns", "v1.2"])
def test_plain_slugs_pass(slug):
    assert slug_problem(slug, "post.md", 3) is None


@pytest.mark.parametrize("rel", ["../x.pdf", "/../x", "a/../../x", "a/\0"])
def test_join_output_refuses_escapes(tmp_path, rel):
    with pytest.raises(CampaignError):
        join_output(tmp_path / "out", rel, source="post.md", line=2)


def test_join_output_refuses_a_symlinked_folder_pointing_out(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to(tmp_path)
    with pytest.raises(CampaignError):
        join_output(tmp_path / "out", "link/x.pdf")
    assert join_output(tmp_path / "out", "a/b.pdf") == (tmp_path / "out" / "a" / "b.pdf").resolve()


def test_a_collision_names_both_files_at_the_later_one():
    found = find_collisions([Claim("search/index.html", "pelicanconf.py", 1, "the built-in search page"),
                             Claim("a/index.html", "content/posts/a.md", 2, "the post"),
                             Claim("search/", "content/pages/s.md", 2, "the page"),
                             Claim("A/index.html", "content/posts/b.md", 4, "the post")])
    assert [str(p).split(" — ")[0] for p in found] == [
        ("content/pages/s.md:2: the page would be written to search/index.html, where the built-in search page "
        "(pelicanconf.py:1) is written too, so one would replace the other"),
        ("content/posts/b.md:4: the post would be written to A/index.html, where the post "
        "(content/posts/a.md:2) is written too, so one would replace the other")]


@pytest.mark.parametrize("title, slug", [("Don't stop -- the \"purge\"...", "dont-stop-the-purge"),
                                         ("Plain title 2021", "plain-title-2021"), ("Rock & roll", "rock-roll")])
def test_title_slug_is_pelicans(title, slug):
    from pelican.contents import Article
    from pelican.settings import read_settings

    from campaign.markdown.reader import typogrify_like_pelican

    conf = read_settings(str(ROOT / "pelicanconf.py"))
    typogrified = typogrify_like_pelican("", {"title": title}, conf)[1]["title"]
    # Pelican's own Article, given the title as our reader hands it over, makes the same slug.
    assert Article("", {"title": typogrified, "date": datetime(2021, 1, 1)}, settings=conf).slug == slug
    assert title_slug(title, conf) == slug
