"""Every cache entry carries a digest; a short or changed entry is made again, never published.

Each kind of entry (content, PDF, derived: motion texts and calendars, search bundles) is
damaged in a copy of a real cache, then the tree is built again with that cache: the site must
be the one a build with no cache makes.
"""
from __future__ import annotations

import hashlib
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from campaign.cache.files import ENTRY_MAGIC, read_entry
from tests.ops.conftest import OpsBuild, build_ops


def tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x20
    path.write_bytes(bytes(data))


def drop_magic(path: Path) -> None:
    # The bytes alone, as an older build (or a hand copy) would have left them.
    first, _, data = path.read_bytes().partition(b"\n")
    assert first.startswith(ENTRY_MAGIC)
    path.write_bytes(data)


DAMAGES = {"truncated": truncate, "one byte changed": flip_last_byte, "no digest": drop_magic}
# What each kind of entry is, in the cache folder (CAMPAIGN_CACHE_PATH).
KINDS = {
    "pdf": lambda cache: sorted((cache / "pdf").glob("*.pdf")),
    "content": lambda cache: sorted((cache / "content").glob("*.pickle")),
    "derived": lambda cache: sorted((cache / "derived").glob("*.bin")),
    "search bundle digests": lambda cache: sorted((cache / "pagefind").glob("*.sha256")),
}


def bundle_files(cache: Path) -> list[Path]:
    """Files inside the kept search bundles (damaged without touching their digest entries)."""
    return sorted(p for d in (cache / "pagefind").iterdir() if d.is_dir() for p in d.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def fresh(ops_build) -> OpsBuild:
    return ops_build


def rebuild_with(fresh: OpsBuild, tmp_path: Path, damage) -> OpsBuild:
    base = tmp_path / "again"
    base.mkdir()
    shutil.copytree(fresh.cache, base / "cache")
    damage(base / "cache")
    # A build whose output folder is new: nothing is linked from a previous site.
    return build_ops(base)


def assert_same_site(fresh: OpsBuild, again: OpsBuild) -> None:
    pdfs = sorted(again.output.rglob("*.pdf"))
    assert len(pdfs) == 7
    for pdf in pdfs:
        text = pdf_text(pdf)
        assert text == pdf_text(fresh.output / pdf.relative_to(again.output))
        assert "Leafletword" in text or "Motionword" in text
    assert tree(again.output) == tree(fresh.output)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_entry_is_made_again(fresh, tmp_path, kind, how):
    damaged: list[Path] = []

    def damage(cache: Path) -> None:
        entries = KINDS[kind](cache)
        assert entries, f"the cold build kept no {kind} entries"
        for entry in entries:
            DAMAGES[how](entry)
        damaged.extend(entry.relative_to(cache) for entry in entries)

    again = rebuild_with(fresh, tmp_path, damage)
    assert_same_site(fresh, again)
    # Each damaged entry was found out (the log says so) and kept whole again.
    assert again.stdout.count("was damaged") + again.stderr.count("was damaged") >= len(damaged)
    for rel in damaged:
        assert read_entry(again.cache / rel) is not None, rel


def test_a_damaged_file_inside_a_search_bundle_is_made_again(fresh, tmp_path):
    def damage(cache: Path) -> None:
        files = bundle_files(cache)
        assert len(files) > 5
        for path in files[::3]:
            truncate(path)

    again = rebuild_with(fresh, tmp_path, damage)
    assert_same_site(fresh, again)
    assert "was damaged" in again.stdout + again.stderr


def test_an_undamaged_cache_is_reused_as_is(fresh, tmp_path):
    again = rebuild_with(fresh, tmp_path, lambda _cache: None)
    assert_same_site(fresh, again)
    assert "PDFs: 0 rendered, 7 reused" in again.stdout + again.stderr
    assert "was damaged" not in again.stdout + again.stderr
