"""Cache entries are written aside and renamed (cache/files.write_atomically): whole bytes, mode
0600 as mkstemp made them, the folder made when missing, no temporary file left, a stale one with
the same name passed over, and nothing left behind when the rename fails."""
from __future__ import annotations

import itertools
import os
import stat

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.cache import files


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200_000))
def test_an_entry_reads_back_whole(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("entries")
    path = folder / "deep" / "er" / "key.pickle"
    files.write_entry(path, data)
    assert files.read_entry(path) == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert not list(folder.rglob("*.tmp"))


def test_a_stale_temporary_file_is_passed_over(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "_TEMPORARIES", itertools.count(7))
    path = tmp_path / "key.pickle"
    stale = tmp_path / f"key.pickle.{os.getpid()}-7.tmp"
    stale.write_bytes(b"half")
    files.write_atomically(path, b"whole")
    assert path.read_bytes() == b"whole"
    assert stale.read_bytes() == b"half"  # another process's: not ours to delete


def test_a_failed_rename_leaves_nothing(tmp_path, monkeypatch):
    def refuse(*args):
        raise OSError("disk gone")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(OSError, match="disk gone"):
        files.write_atomically(tmp_path / "key.pickle", b"x" * 1000)
    assert not list(tmp_path.iterdir())


def test_an_entry_replaces_the_last_one(tmp_path):
    path = tmp_path / "key.pickle"
    files.write_entry(path, b"first")
    files.write_entry(path, b"second")
    assert files.read_entry(path) == b"second"
    assert [p.name for p in tmp_path.iterdir()] == ["key.pickle"]
