"""The one output store: paths stay inside the site, a path is written once, unchanged files are
linked from the site being replaced, and that site is never changed through a link."""
from __future__ import annotations

import os

import pytest

from campaign.errors import CampaignError
from campaign.outputs.store import OutputStore


@pytest.fixture
def sites(tmp_path):
    """(the site being replaced, holding two files; a store over the new site's folder)."""
    old = tmp_path / "old"
    (old / "a").mkdir(parents=True)
    (old / "a" / "index.html").write_bytes(b"<p>same</p>")
    (old / "robots.txt").write_bytes(b"User-agent: *\n")
    new = tmp_path / "new"
    new.mkdir()
    return old, OutputStore(new, old)


def test_unchanged_bytes_are_linked_and_changed_bytes_written(sites):
    old, out = sites
    assert out.write("a/index.html", b"<p>same</p>") is True
    assert os.path.samefile(out.root / "a/index.html", old / "a/index.html")
    assert out.write("b/index.html", b"<p>new</p>") is False
    assert out.read("b/index.html") == b"<p>new</p>" and out.reused == 1


def test_a_path_written_twice_is_a_collision_naming_it_and_its_source(sites):
    _, out = sites
    out.write("post/index.html", b"one", source="content/posts/one.md")
    with pytest.raises(CampaignError, match=r"content/posts/two.md:3: two files would be written to post/index.html"):
        out.write("post/index.html", b"two", source="content/posts/two.md", line=3)
    assert out.read("post/index.html") == b"one"


def test_a_finishing_step_replaces_a_file_without_changing_the_site_being_replaced(sites):
    old, out = sites
    assert out.write("robots.txt", b"User-agent: *\n") is True  # linked from the old site
    out.write("robots.txt", b"User-agent: *\nSitemap: /sitemap.xml\n", replace=True)
    assert out.read("robots.txt").endswith(b"Sitemap: /sitemap.xml\n")
    assert (old / "robots.txt").read_bytes() == b"User-agent: *\n", "the live site changed through a link"


@pytest.mark.parametrize("rel", ["../outside.html", "a/../../outside.html", "/etc/passwd"])
def test_nothing_is_written_outside_the_site(sites, rel):
    _, out = sites
    with pytest.raises(CampaignError, match="outside the site"):
        out.write(rel, b"x")
    assert not (out.root.parent / "outside.html").exists()


def test_a_symlinked_folder_cannot_lead_out(sites, tmp_path):
    _, out = sites
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out.root / "sneaky").symlink_to(elsewhere)
    with pytest.raises(CampaignError, match="outside the site"):
        out.write("sneaky/index.html", b"x")
    assert not (elsewhere / "index.html").exists()


def test_reuse_links_the_last_builds_file_only_when_there_is_one(sites):
    old, out = sites
    assert out.reuse("robots.txt") is True and os.path.samefile(out.root / "robots.txt", old / "robots.txt")
    assert out.reuse("missing.txt.gz") is False
    assert OutputStore(out.root / "x").reuse("robots.txt") is False  # no site being replaced
