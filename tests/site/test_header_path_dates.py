"""Issue 18: `make html` after a date edit of one published post that stays published takes the
header path (tools/header_path.py): no Pelican run, the output byte for byte a clean build's, and
the up-to-date record as a full build leaves it, so that nothing changed next means up to date and
a later embargo still ends the site's window at its own date and time. A date moved into the
future (or out of it) runs Pelican, and an embargoed post never shows.

Real builds: `make html`'s command in a subprocess, compared with clean builds (an empty output
folder and cache) of the same files.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.conftest import BUILD_DAY, ROOT
from tests.site.test_body_path import FAST, MakeTree, _clean, make_html
from tests.site.test_header_path import HEADER
from tests.site.test_live_preview import _header_line, differences


def _recorded(cache: Path, out: Path) -> tuple[float | None, list]:
    """The up-to-date record's window (a POSIX time, None: never ends) and the posts' instants
    the body record keeps, as the last build into `out` left them."""
    from campaign.cache.files import output_record, read_entry
    from campaign.content.visibility import POST_INSTANTS
    from campaign.tools import body_record

    entry = read_entry(output_record(cache, "uptodate", out.resolve()))
    assert entry is not None
    up = json.loads(entry)
    record = body_record.load(output_record(cache, "bodypath", out.resolve()).with_suffix(".pickle"), up["output"])
    assert record is not None
    body_record.drop_loaded()
    return up["valid_until"], list(record.settings[POST_INSTANTS])


def _date_of(post: Path) -> str:
    return next(line for line in post.read_text(encoding="utf-8").splitlines() if line.startswith("Date:"))[5:].strip()


def test_a_date_edit_takes_the_header_path_and_records_what_a_full_build_records(tmp_path):
    tree = MakeTree(tmp_path)
    posts = tree.content / "posts"
    # A draft sharing the edited post's first date, and an embargoed post: neither is in the
    # published build's generators, and both instants must outlive the edit.
    _header_line(posts / "post-06.md", "Date", "2025-06-06")
    _header_line(posts / "post-06.md", "Status", "draft")
    _header_line(posts / "post-07.md", "Date", "2027-01-01 09:00")
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = posts / "post-05.md"
    page = out / "2025" / "06" / "post-number-5" / "index.html"
    for value in ("2025-06-02", "2025-06-02 10:30", "2025-06-02T10:30", "2025-06-20 08:05"):
        _header_line(post, "Date", value)
        code, last, errors = make_html(tree, out)
        assert code == 0 and HEADER in last, (value, last + errors)
        assert "only the header of posts/post-05.md changed" in last, last
        assert page.is_file()
        clean = _clean(tree, tmp_path)
        assert differences(out, clean) == [], value
        window, instants = _recorded(tree.base / "cache", out)
        assert (window, instants) == _recorded(tmp_path / "clean-cache", clean), value
        assert datetime(2025, 6, 6, tzinfo=ZoneInfo("Europe/London")) in instants  # the draft's
        assert "is up to date" in make_html(tree, out)[1], value


def test_a_date_moved_into_the_future_runs_pelican_and_the_post_is_gone(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = tree.content / "posts" / "post-05.md"
    page = out / "2025" / "06" / "post-number-5"
    assert page.is_dir()
    later = (date.fromisoformat(BUILD_DAY) + timedelta(days=3)).isoformat()
    _header_line(post, "Date", f"{later} 09:00")  # embargoed until then
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors  # Pelican ran
    assert not page.exists() and not (out / later[:4] / later[5:7]).exists()
    assert not [p for p in out.rglob("*") if p.is_file() and b"Post number 5" in p.read_bytes()]
    assert differences(out, _clean(tree, tmp_path)) == []
    assert "is up to date" in make_html(tree, out)[1]
    # And back into the past: the record's build never had it published, so Pelican runs again.
    _header_line(post, "Date", "2025-06-04")
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors
    assert "Post number 5" in (page / "index.html").read_text(encoding="utf-8")
    assert differences(out, _clean(tree, tmp_path)) == []
    assert "is up to date" in make_html(tree, out)[1]


def _clock_build(tree: MakeTree, out: Path) -> tuple[int, str, str]:
    """`make html`'s build with the build instant read from the clock (no --today)."""
    cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", str(tree.conf), "--output", str(out),
           "--content", str(tree.content)]
    env = {k: v for k, v in os.environ.items() if k != "CAMPAIGN_TODAY"}
    done = subprocess.run(cmd, cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT / "plugins")}, capture_output=True,
                          text=True, timeout=300, check=False)
    lines = done.stdout.strip().splitlines()
    return done.returncode, lines[-1] if lines else "", done.stderr


def test_after_a_header_path_date_edit_an_embargo_still_ends_the_window_on_time(tmp_path):
    from campaign.content.dates import next_midnight

    zone = ZoneInfo("Europe/London")
    tree = MakeTree(tmp_path)
    # A post embargoed until a minute boundary 100 to 160 seconds away (dates have minutes only):
    # every build below ends before it.
    now = datetime.now(zone)
    due = (now + timedelta(seconds=160)).replace(second=0, microsecond=0)
    if min(next_midnight(now, zone), next_midnight(now, UTC)) <= due:
        pytest.skip("a midnight comes first: it would end the window")
    embargoed = _header_line(tree.content / "posts" / "post-07.md", "Date", f"{due:%Y-%m-%d %H:%M}")
    _header_line(embargoed, "Title", "A post due in a minute or two")
    out = tmp_path / "out"
    code, last, errors = _clock_build(tree, out)
    assert code == 0, errors
    assert _recorded(tree.base / "cache", out)[0] == due.timestamp()
    _header_line(tree.content / "posts" / "post-05.md", "Date", "2025-06-03 12:00")
    code, last, errors = _clock_build(tree, out)
    assert code == 0 and HEADER in last, last + errors
    assert _recorded(tree.base / "cache", out)[0] == due.timestamp()  # the embargo still ends the window
    assert "is up to date" in _clock_build(tree, out)[1]
    assert not [p for p in out.rglob("*.html") if b"due in a minute" in p.read_bytes()]
    # When the clock reaches `due` the record is out of date (test_uptodate covers that rule).


def _year_month(text: str) -> tuple[int, int]:
    return int(text[:4]), int(text[5:7])


#: (what, which post, a number): a date moved within its month, to another month, into the
#: future; or a title or text edit between them.
DATE_OPS = st.tuples(st.sampled_from(["same month", "same month", "other month", "future", "title", "body"]),
                     st.integers(0, 40), st.integers(0, 1000))


@settings(max_examples=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(st.lists(DATE_OPS, min_size=3, max_size=5))
def test_any_sequence_of_date_edits_through_make_html_gives_a_clean_build(ops):
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        tree = MakeTree(base)
        out = base / "out"
        assert make_html(tree, out)[0] == 0
        for what, n, k in ops:
            posts = tree.posts()
            post = posts[n % len(posts)]
            before = _date_of(post)
            year, month = _year_month(before)
            if what == "same month":
                day = k % 28 + 1 if f"{k % 28 + 1:02d}" != before[8:10] else k % 28 % 27 + 2
                value = f"{year}-{month:02d}-{day:02d}" + (f" {k % 24:02d}:{k % 60:02d}" if k % 3 else "")
            elif what == "other month":
                value = f"2025-{(month + k % 11) % 12 + 1:02d}-{k % 28 + 1:02d}"
            elif what == "future":
                value = f"{int(BUILD_DAY[:4]) + 1}-0{k % 9 + 1}-{k % 28 + 1:02d}"
            if what in ("same month", "other month", "future"):
                _header_line(post, "Date", value)
            elif what == "title":
                _header_line(post, "Title", f"Post {n} retitled {k}")
            else:
                post.write_text(post.read_text(encoding="utf-8") + f"\nA sentence, number {k}.\n", encoding="utf-8")
            code, last, errors = make_html(tree, out)
            assert code == 0, errors
            event(f"{what}: {'header path' if HEADER in last else 'up to date' if 'up to date' in last else 'other'}")
            published = before[:10] <= BUILD_DAY
            if what == "same month" and published and _date_of(post) != before:
                assert HEADER in last, (what, before, _date_of(post), last)
            if what == "future" or (what == "same month" and not published):
                assert FAST not in last, (what, last)  # (in or out of the future: Pelican runs)
            clean = _clean(tree, base)
            assert differences(out, clean) == [], (what, last)
            assert _recorded(base / "cache", out) == _recorded(base / "clean-cache", clean), (what, last)
        assert "is up to date" in make_html(tree, out)[1]


def test_a_status_line_that_keeps_the_post_published_is_a_header_edit(tmp_path):
    tree = MakeTree(tmp_path)
    out = tmp_path / "out"
    assert make_html(tree, out)[0] == 0
    post = tree.content / "posts" / "post-05.md"
    page = out / "2025" / "06" / "post-number-5" / "index.html"
    for value in ("published", "Published"):
        _header_line(post, "Status", value)
        code, last, errors = make_html(tree, out)
        assert code == 0 and HEADER in last, (value, last + errors)
        assert differences(out, _clean(tree, tmp_path)) == [], value
    _header_line(post, "Status", "draft")  # no longer published: Pelican runs, and it is gone
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors
    assert not page.exists()
    assert not [p for p in out.rglob("*") if p.is_file() and b"Post number 5" in p.read_bytes()]
    _header_line(post, "Status", "published")  # published again: the record's build never had it
    code, last, errors = make_html(tree, out)
    assert code == 0 and FAST not in last, last + errors
    assert page.is_file()
    assert differences(out, _clean(tree, tmp_path)) == []
    assert "is up to date" in make_html(tree, out)[1]
