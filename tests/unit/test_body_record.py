"""The body path's record (tools/body_record.py): kept whole behind its digest, or not used at all."""
from __future__ import annotations

from pathlib import Path

import pytest

from campaign.tools import page_deps
from campaign.tools.body_record import Record, load, save


def _record() -> Record:
    deps = page_deps.Deps()
    deps.add("/site/content/posts/a.md", "2021/01/a/index.html")
    return Record(manifest="m1", deps=deps, settings={"SITENAME": "A site", "PAGINATION": 10},
                  sources={"/site/content/posts/a.md": "the post"}, headers={"/site/content/posts/a.md": "Title: A"},
                  images=frozenset({"images/a.png"}), searchable=frozenset({"2021/01/a/index.html"}))


def test_a_kept_record_reads_back_as_it_was(tmp_path):
    path = tmp_path / "cache" / "record.pickle"
    save(path, _record())
    found = load(path, "m1")
    assert found is not None and found.settings == {"SITENAME": "A site", "PAGINATION": 10}
    assert found.deps.read_by == {"2021/01/a/index.html": {"/site/content/posts/a.md"}}
    assert found.sources == {"/site/content/posts/a.md": "the post"} and found.images == frozenset({"images/a.png"})
    assert [p.name for p in path.parent.iterdir()] == ["record.pickle"]  # no temporary file left


@pytest.mark.parametrize("damage", ["a byte changed", "cut short", "empty", "another build's"])
def test_a_damaged_or_foreign_record_is_no_record(tmp_path, damage):
    path = tmp_path / "record.pickle"
    save(path, _record())
    data = path.read_bytes()
    if damage == "a byte changed":
        path.write_bytes(data[:-10] + bytes([data[-10] ^ 1]) + data[-9:])
    elif damage == "cut short":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        path.write_bytes(b"")
    assert load(path, "m2" if damage == "another build's" else "m1") is None


def test_no_record_is_no_record(tmp_path):
    assert load(Path(tmp_path / "missing.pickle"), "m1") is None
