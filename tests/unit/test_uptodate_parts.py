"""The parts of the up-to-date decision that need no build: fingerprints, manifests, the window."""
from __future__ import annotations

import os
import re
import time
from datetime import datetime
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from campaign.cache import fingerprint as fp
from campaign.content.dates import output_valid_until
from campaign.tools import settings_reader, uptodate

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("ref", "zone", "instants", "expected"), [
    # The next embargoed post comes first.
    (datetime(2026, 11, 21, 10, 0, tzinfo=LONDON), "Europe/London",
     [datetime(2026, 11, 21, 9, 0, tzinfo=LONDON), datetime(2026, 11, 21, 14, 0, tzinfo=LONDON)],
     datetime(2026, 11, 21, 14, 0, tzinfo=LONDON)),
    # No post waits: the day ends (London's midnight is UTC's in November).
    (datetime(2026, 11, 21, 10, 0, tzinfo=LONDON), "Europe/London", [], datetime(2026, 11, 22, 0, 0, tzinfo=LONDON)),
    # In summer London's midnight comes an hour before UTC's.
    (datetime(2026, 7, 1, 10, 0, tzinfo=LONDON), "Europe/London", [], datetime(2026, 7, 2, 0, 0, tzinfo=LONDON)),
    # West of UTC, UTC's midnight (an empty feed's date) comes first.
    (datetime(2026, 11, 21, 10, 0, tzinfo=NEW_YORK), "America/New_York", [],
     datetime(2026, 11, 22, 0, 0, tzinfo=ZoneInfo("UTC"))),
    # A post at the build instant itself is published already: it ends nothing.
    (datetime(2026, 11, 21, 14, 0, tzinfo=LONDON), "Europe/London", [datetime(2026, 11, 21, 14, 0, tzinfo=LONDON)],
     datetime(2026, 11, 22, 0, 0, tzinfo=LONDON)),
])
def test_the_window_ends_at_the_first_change(ref, zone, instants, expected):
    assert output_valid_until(ref, zone, instants) == expected


def test_stable_form_is_the_same_for_equal_settings_and_names_functions():
    one = {"A": [1, 2.5, "x"], "B": {"k": re.compile("a+", re.I)}, "F": os.path.join, "P": partial(int, base=2)}
    two = {"P": partial(int, base=2), "F": os.path.join, "B": {"k": re.compile("a+", re.I)}, "A": [1, 2.5, "x"]}
    assert fp.stable_digest(one) == fp.stable_digest(two)
    assert fp.stable_digest({"A": (1, 2)}) != fp.stable_digest({"A": [1, 2]})
    assert fp.stable_form(os.path.join) == ["name", "posixpath.join"]


def test_a_value_with_no_stable_form_is_refused():
    with pytest.raises(fp.Unstable):
        fp.stable_digest({"X": object()})
    loop: list = []
    loop.append(loop)
    with pytest.raises(fp.Unstable):
        fp.stable_digest(loop)


def test_digests_are_reused_only_for_files_whose_stat_is_unchanged_and_old(tmp_path):
    (tmp_path / "a.md").write_text("one")
    (tmp_path / "b.md").write_text("two")
    first, read = fp.folder_files({"c": tmp_path}, {}, 0)
    assert read == 2
    # Just written: racily clean, so read again even though nothing in its stat changed.
    again, read = fp.folder_files({"c": tmp_path}, first, time.time_ns() - fp.RACY_NS)
    assert read == 2 and again == first
    # Old enough: trusted by its stat.
    _, read = fp.folder_files({"c": tmp_path}, first, time.time_ns() + fp.RACY_NS)
    assert read == 0
    # Same size and mtime, new bytes: the ctime tells.
    stat = (tmp_path / "a.md").stat()
    (tmp_path / "a.md").write_text("ONE")
    os.utime(tmp_path / "a.md", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    changed, read = fp.folder_files({"c": tmp_path}, first, time.time_ns() + fp.RACY_NS)
    assert read == 1 and changed["c/a.md"][4] != first["c/a.md"][4]
    assert fp.files_identity(changed) != fp.files_identity(first)


def test_a_touched_file_is_read_again_but_keeps_its_identity(tmp_path):
    (tmp_path / "a.md").write_text("one")
    first, _ = fp.folder_files({"c": tmp_path}, {}, 0)
    os.utime(tmp_path / "a.md", ns=(1, 1))
    touched, read = fp.folder_files({"c": tmp_path}, first, time.time_ns() + fp.RACY_NS)
    assert read == 1 and fp.files_identity(touched) == fp.files_identity(first)
    assert fp.files_identity(touched, with_mtimes=True) != fp.files_identity(first, with_mtimes=True)


def test_a_folder_inside_another_is_read_once_and_byte_code_never(tmp_path):
    (tmp_path / "inner" / "__pycache__").mkdir(parents=True)
    (tmp_path / "inner" / "x.py").write_text("X = 1")
    (tmp_path / "inner" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    files, _ = fp.folder_files({"outer": tmp_path, "z-inner": tmp_path / "inner"}, {}, 0)
    assert list(files) == ["outer/inner/x.py"]


def test_the_output_manifest_sees_every_change_and_no_read(tmp_path):
    site = tmp_path / "out"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("<p>hi</p>")
    before = fp.output_manifest(site)
    (site / "a" / "index.html").read_bytes()
    assert fp.output_manifest(site) == before
    stat = (site / "a" / "index.html").stat()
    (site / "a" / "index.html").write_text("<p>HI</p>")
    os.utime(site / "a" / "index.html", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = fp.output_manifest(site)
    assert edited != before
    (site / "b").mkdir()  # an empty folder a clean build would not make
    assert fp.output_manifest(site) != edited
    assert fp.output_manifest(tmp_path / "missing") == ""


def test_the_environment_the_settings_read_is_noted(monkeypatch):
    monkeypatch.setenv("UPTODATE_PROBE", "1")
    with settings_reader._environment_reads() as reads:
        assert os.environ.get("UPTODATE_PROBE") == "1"
        assert os.getenv("UPTODATE_ABSENT") is None
    assert reads.names == {"UPTODATE_PROBE", "UPTODATE_ABSENT"} and not reads.everything
    assert isinstance(os.environ, os._Environ)  # put back
    with settings_reader._environment_reads() as reads:
        dict(os.environ)
    assert reads.everything


def test_files_opened_while_settings_run_are_inputs(tmp_path):
    data = tmp_path / "words.txt"
    data.write_text("Neighbours")
    conf = tmp_path / "conf.py"
    conf.write_text(f"from pathlib import Path\nSITENAME = Path({str(data)!r}).read_text()\n"
                    f"PATH = {str(tmp_path)!r}\n")
    read = settings_reader.read_settings(str(conf), tmp_path / "out", {})
    assert read.settings["SITENAME"] == "Neighbours"
    assert {conf, data} <= set(read.files)


def test_a_missing_or_damaged_record_is_no_record(tmp_path):
    path = tmp_path / "r.json"
    assert uptodate._load(path) is None
    path.write_text("not an entry")
    assert uptodate._load(path) is None
    assert Path(path).exists() is False  # a damaged entry is deleted (cache/files.py)


def test_files_other_settings_name_are_inputs_but_not_the_folders_around_the_site(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"png")
    settings = {"PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
                "SITE_LOGO": str(logo), "PROJECT": str(tmp_path), "ROOT": "/", "CACHE_PATH": str(tmp_path / "c"),
                "THEME_TEMPLATES_OVERRIDES": ["overrides"]}
    named = uptodate._named_paths(settings)
    assert set(named.values()) == {logo, Path("overrides")}
