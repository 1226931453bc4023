"""`make html` with nothing changed does not run Pelican; any change to any input does, and the
result equals a clean build (issue 18; tools/uptodate.py). Real builds of tests/roots/uptodate/.

Each case builds once, changes one input, builds again (which must run Pelican), compares every
file with a clean build into a fresh folder, then builds a third time (which must not).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILD_DAY, ROOT, ROOTS, copy_root

SKIPPED = "is up to date"
BUILT = "Built "
MARKER_PLUGIN = '''"""A test plugin: writes marker.txt into the site, so a change to a plugin's code shows."""
from pathlib import Path

from pelican import signals

MARK = "{mark}"


def _write(pelican):
    Path(pelican.output_path, "marker.txt").write_text(MARK)


def register():
    signals.finalized.connect(_write)
'''


class Site:
    """A private copy of the uptodate root, its theme and a plugin, built into one folder."""

    def __init__(self, tmp: Path, today: str | None = BUILD_DAY, env: dict | None = None):
        self.tmp = tmp
        self.content = copy_root("uptodate", tmp)
        self.theme = tmp / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.plugins = tmp / "plugins"
        self.plugins.mkdir()
        self.set_mark("one")
        self.conf = tmp / "conf.py"
        self.write_conf("Neighbours organising")
        self.out = tmp / "output"
        self.today = today
        self.env = {"CAMPAIGN_CACHE_PATH": str(tmp / "cache"), **(env or {})}
        self.cleans = 0

    def set_mark(self, mark: str) -> None:
        (self.plugins / "uptodate_marker.py").write_text(MARKER_PLUGIN.format(mark=mark), encoding="utf-8")

    def write_conf(self, tagline: str) -> None:
        self.conf.write_text(
            f"import os, sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootconf import *  # noqa: F403\n"
            f"THEME = {str(self.theme)!r}\nPLUGIN_PATHS = [{str(self.plugins)!r}]\n"
            "PLUGINS = [*PLUGINS, 'uptodate_marker']  # noqa: F405\n"
            f"SITE_TAGLINE = os.environ.get('UPTODATE_TAGLINE', {tagline!r})\n", encoding="utf-8")

    def build(self, out: Path | None = None, cache: Path | None = None) -> subprocess.CompletedProcess:
        """The build command as `make html` runs it (--today unless the clock or CAMPAIGN_TODAY is wanted)."""
        cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", str(self.conf),
               "--output", str(out or self.out), "--content", str(self.content)]
        cmd += ["--today", self.today] if self.today else []
        env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **self.env}
        if "CAMPAIGN_TODAY" not in self.env:
            env.pop("CAMPAIGN_TODAY", None)  # the build instant is --today's, or the clock's
        if cache:
            env["CAMPAIGN_CACHE_PATH"] = str(cache)
        result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr + result.stdout
        return result

    def clean(self) -> dict[str, bytes]:
        """Every file of a clean build of the same inputs (a fresh folder, a cache of its own)."""
        self.cleans += 1
        out = self.tmp / f"clean-{self.cleans}"
        result = self.build(out, self.tmp / f"clean-cache-{self.cleans}")
        assert BUILT in result.stdout, result.stdout
        return files(out)

    def record(self) -> dict:
        [path] = (self.tmp / "cache" / "uptodate").glob("*.json")
        return json.loads(path.read_bytes().split(b"\n", 1)[1])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stats(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry's inode, mtime and ctime: what a build that touched nothing leaves as it was."""
    found = {}
    for p in sorted(folder.rglob("*")):
        s = p.lstat()
        found[p.relative_to(folder).as_posix()] = (s.st_ino, s.st_mtime_ns, s.st_ctime_ns)
    return found


def _post(site: Site, name: str = "2026-11-08-lifts.md") -> Path:
    return site.content / "posts" / "campaigns" / name


def _new_post(site: Site) -> None:
    _post(site, "2026-11-15-heating.md").write_text(
        "Title: Heating off in block A\nDate: 2026-11-15\nCategory: Campaigns\nSummary: Cold flats.\n\n"
        "The heating has been off since Tuesday.\n", encoding="utf-8")


def _edit_output_keeping_size_and_mtime(site: Site) -> None:
    page = site.out / "index.html"
    before = page.stat()
    data = bytearray(page.read_bytes())
    data[-2:-1] = b" " if data[-2:-1] != b" " else b"\n"
    page.write_bytes(bytes(data))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # only the ctime tells


def _image(site: Site) -> None:
    from PIL import Image

    Image.new("RGB", (64, 48), (160, 40, 40)).save(site.content / "images" / "bins.png")


def _theme(site: Site) -> None:
    base = site.theme / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- theme changed -->\n", encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


#: One change of each class of input (and of the output), as (name, change).
CHANGES: list[tuple[str, Callable[[Site], object]]] = [
    ("content body", lambda s: _append(_post(s), "\nThe repair firm has not replied.\n")),
    ("content header", lambda s: _post(s).write_text(
        _post(s).read_text(encoding="utf-8").replace("Title: Lifts out of order", "Title: Both lifts broken"),
        encoding="utf-8")),
    ("new file", _new_post),
    ("deleted file", lambda s: _post(s).unlink()),
    ("renamed file", lambda s: _post(s).rename(_post(s, "2026-11-08-lifts-broken.md"))),
    ("image", _image),
    ("theme template", _theme),
    ("plugin file", lambda s: s.set_mark("two")),
    ("settings value", lambda s: s.write_conf("Neighbours organising, together")),
    ("environment variable", lambda s: s.env.update(UPTODATE_TAGLINE="A tagline from the environment")),
    ("build day", lambda s: setattr(s, "today", "2026-11-22")),
    ("output file deleted", lambda s: (s.out / "about" / "index.html").unlink()),
    ("output file edited, same size and mtime", _edit_output_keeping_size_and_mtime),
    ("output file added", lambda s: (s.out / "stray.html").write_text("stray", encoding="utf-8")),
]


def test_nothing_changed_skips_pelican_and_leaves_the_output_alone(tmp_path):
    site = Site(tmp_path)
    assert BUILT in site.build().stdout
    before = stats(site.out)
    again = site.build()
    assert SKIPPED in again.stdout and BUILT not in again.stdout, again.stdout
    assert stats(site.out) == before  # same inodes, mtimes and ctimes: nothing was written
    assert files(site.out) == site.clean()


def test_a_touched_but_unchanged_file_is_read_again_and_still_up_to_date(tmp_path):
    site = Site(tmp_path)
    site.build()
    time.sleep(0.01)
    _post(site).touch()
    assert SKIPPED in site.build().stdout
    # Its new stat was recorded, so the next decision trusts it once it is old enough.
    name = next(k for k in site.record()["files"] if k.endswith("2026-11-08-lifts.md"))
    assert site.record()["files"][name][1] == _post(site).stat().st_mtime_ns


@pytest.mark.parametrize(("name", "change"), CHANGES, ids=[name for name, _ in CHANGES])
def test_any_change_builds_again_and_equals_a_clean_build(tmp_path, name, change):
    site = Site(tmp_path)
    assert BUILT in site.build().stdout
    change(site)
    rebuilt = site.build()
    assert BUILT in rebuilt.stdout and SKIPPED not in rebuilt.stdout, f"{name}: {rebuilt.stdout}"
    assert files(site.out) == site.clean(), name
    assert SKIPPED in site.build().stdout, f"{name}: the rebuild was not recorded"


def test_an_embargoed_post_is_published_when_its_instant_comes(tmp_path):
    """CAMPAIGN_TODAY with a time: the statement dated 14:00 waits at 13:59 and is out at 14:00."""
    site = Site(tmp_path, today=None, env={"CAMPAIGN_TODAY": "2026-11-21 13:59"})
    site.build()
    assert SKIPPED in site.build().stdout
    assert site.record()["valid_until"] is None  # a fixed instant: valid until it is changed
    assert not (site.out / "2026" / "11" / "repairs-statement").exists()
    site.env["CAMPAIGN_TODAY"] = "2026-11-21 14:00"
    assert BUILT in site.build().stdout
    assert (site.out / "2026" / "11" / "repairs-statement" / "index.html").is_file()
    assert files(site.out) == site.clean()


def test_on_the_clock_the_site_is_valid_until_the_next_post_instant_or_midnight(tmp_path):
    """Built as of now: valid until the first embargoed post's date-time, at most to midnight."""
    zone = ZoneInfo("Europe/London")
    soon = (datetime.now(zone) + timedelta(minutes=3)).replace(second=0, microsecond=0)
    site = Site(tmp_path, today=None)
    statement = site.content / "posts" / "press-releases" / "2026-11-21-statement.md"
    statement.write_text(statement.read_text(encoding="utf-8").replace(
        "Date: 2026-11-21 14:00", f"Date: {soon:%Y-%m-%d %H:%M}"), encoding="utf-8")
    site.build()
    midnight = datetime.combine(datetime.now(zone).date() + timedelta(days=1), datetime.min.time(), zone)
    assert site.record()["valid_until"] == min(soon, midnight).timestamp()
    assert SKIPPED in site.build().stdout
    statement.unlink()
    site.build()
    assert site.record()["valid_until"] == midnight.timestamp()


def test_a_failed_build_records_nothing(tmp_path):
    site = Site(tmp_path)
    site.build()
    good = _post(site).read_text(encoding="utf-8")
    before = stats(site.out)
    _post(site).write_text(good.replace("Date: 2026-11-08", "Date: the eighth"), encoding="utf-8")
    for _ in range(2):  # the mistake is reported every time, never skipped
        cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", str(site.conf), "--output", str(site.out),
               "--content", str(site.content), "--today", BUILD_DAY]
        failed = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **site.env},
                                capture_output=True, text=True, timeout=300, check=False)
        assert failed.returncode == 1 and "Date" in failed.stderr, failed.stderr
        assert stats(site.out) == before
    _post(site).write_text(good, encoding="utf-8")
    # Back to the inputs of the site still in place: it is up to date again.
    assert SKIPPED in site.build().stdout


#: Changes a random sequence draws from (inputs only: the output cases are covered above).
STEPS = {name: change for name, change in CHANGES if not name.startswith("output")}


#: The changes above that need the post "Lifts out of order" to be there.
NEEDS_THE_POST = {"content body", "content header", "deleted file", "renamed file"}


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(sorted(STEPS)), min_size=2, max_size=4, unique=True))
def test_any_sequence_of_changes_equals_a_clean_build(tmp_path_factory, steps):
    site = Site(tmp_path_factory.mktemp("sequence"))
    site.build()
    for step in steps:
        if step in NEEDS_THE_POST and not _post(site).exists():
            continue  # deleted or renamed by an earlier step
        STEPS[step](site)
        assert BUILT in site.build().stdout, (steps, step)
    assert files(site.out) == site.clean(), steps
