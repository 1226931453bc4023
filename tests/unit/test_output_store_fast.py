"""The store's cheap paths (issue 18) keep its invariants: folders made name by name stay inside
the site, a vouched file is linked only for the bytes vouched, nothing is written through a link,
a gzip copy is reused only for the same bytes, and the file list is what rglob lists."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from campaign.errors import CampaignError
from campaign.outputs.store import OutputStore, walk_files


@pytest.fixture
def sites(tmp_path):
    old = tmp_path / "old"
    (old / "2021/03/post").mkdir(parents=True)
    (old / "2021/03/post/index.html").write_bytes(b"<p>same</p>")
    (old / "2021/03/post/index.html.gz").write_bytes(b"gz of same")
    new = tmp_path / "new"
    new.mkdir()
    return old, OutputStore(new, old)


def test_deep_folders_are_made_and_a_link_deep_down_cannot_lead_out(sites, tmp_path):
    _, out = sites
    out.write("2021/03/a/index.html", b"a")
    assert out.read("2021/03/a/index.html") == b"a"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out.root / "2021/03/sneaky").symlink_to(elsewhere)
    with pytest.raises(CampaignError, match="outside the site"):
        out.write("2021/03/sneaky/index.html", b"x")
    with pytest.raises(CampaignError, match="outside the site"):
        out.write("2021/03/../../../outside/index.html", b"x")
    assert not list(elsewhere.iterdir()) and not (tmp_path / "outside").exists()


def test_a_link_to_a_file_outside_is_replaced_not_written_through(sites, tmp_path):
    _, out = sites
    out.write("a/one.html", b"1")
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    (out.root / "a/two.html").symlink_to(victim)
    out.write("a/two.html", b"2")
    assert victim.read_bytes() == b"keep" and out.read("a/two.html") == b"2"


def test_a_vouched_file_is_linked_and_other_bytes_are_compared(sites):
    old, out = sites
    rel = "2021/03/post/index.html"
    out.vouch(rel, old / rel, b"<p>same</p>")
    assert out.write(rel, b"<p>same</p>") is True
    assert os.path.samefile(out.root / rel, old / rel)
    again = OutputStore(out.root.parent / "again", old)
    again.vouch(rel, old / rel, b"<p>same</p>")
    assert again.write(rel, b"<p>changed</p>") is False  # not what was vouched: compared, not linked
    assert again.read(rel) == b"<p>changed</p>" and (old / rel).read_bytes() == b"<p>same</p>"


def test_a_gzip_copy_is_reused_only_for_the_same_bytes(sites):
    old, out = sites
    rel = "2021/03/post/index.html"
    out.write(rel, b"<p>same</p>")
    assert out.reuse_derived(rel, rel + ".gz") == (11, 10)
    assert os.path.samefile(out.root / (rel + ".gz"), old / (rel + ".gz"))
    changed = OutputStore(out.root.parent / "changed", old)
    changed.write(rel, b"<p>sane</p>")  # same size, other bytes
    assert changed.reuse_derived(rel, rel + ".gz") is None
    assert not (changed.root / (rel + ".gz")).exists()


def test_the_file_list_is_what_rglob_lists(tmp_path):
    root = tmp_path / "site"
    (root / "a-b/c").mkdir(parents=True)
    (root / "a").mkdir()
    for name in ("a-b/c/x.html", "a/y.html", ".hidden", "a/.z"):
        (root / name).write_text("x")
    (root / "a/link.html").symlink_to(root / "a/y.html")
    (root / "linked-folder").symlink_to(root / "a")
    (root / "broken").symlink_to(root / "missing")
    expected = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert walk_files(root) == expected == sorted(walk_files(Path(os.fspath(root))))
