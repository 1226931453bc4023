"""The build-speed shortcuts give the same results as the slow way, and go stale never."""
from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from campaign.errors import MissingSystemLibrary
from campaign.outputs import pdf
from campaign.outputs import urls as frozen_urls
from campaign.outputs.compress import gzip_bytes, precompress


def _article(slug: str):
    from datetime import datetime

    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    settings = {**DEFAULT_CONFIG, "ARTICLE_URL": "{date:%Y}/{date:%m}/{slug}/",
                "ARTICLE_SAVE_AS": "{date:%Y}/{date:%m}/{slug}/index.html"}
    return Article("<p>Text</p>", {"title": "March", "slug": slug, "date": datetime(2026, 3, 1)},
                   settings=settings, source_path=f"/content/{slug}.md")


def test_frozen_urls_are_pelicans_own_worked_out_once(monkeypatch):
    post = _article("march")
    expected = (post.url, post.save_as)
    assert frozen_urls.freeze([post]) == 1

    def recompute(*args, **kwargs):
        raise AssertionError("the URL was worked out again")

    monkeypatch.setattr(type(post), "_expand_settings", recompute)
    for _ in range(3):
        assert (post.url, post.save_as) == expected == ("2026/03/march/", "2026/03/march/index.html")


def test_pango_version_is_the_one_weasyprint_sees():
    from weasyprint.text.ffi import pango

    assert pdf.pango_version() == pango.pango_version()


def test_pango_missing_gives_the_install_command(monkeypatch):
    monkeypatch.setattr(pdf, "_PANGO_NAMES", ("libno-such-pango.so.0",))
    with pytest.raises(MissingSystemLibrary, match=re.escape("apt-get install -y libpango-1.0-0")):
        pdf.pango_version()


def _site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_gzip_is_reused_only_for_unchanged_bytes(tmp_path):
    same, changed = "<p>" + "unchanged words " * 50, "<p>" + "first version " * 50
    old = _site(tmp_path / "old", {"a/index.html": same, "b/index.html": changed})
    precompress(old)
    # A .gz that no longer matches its file (as if edited by hand): reuse must still check bytes.
    new = _site(tmp_path / "new", {"a/index.html": same, "b/index.html": "<p>" + "second version " * 50})
    stats = precompress(new, previous=old)
    assert stats["gzip_reused"] == 1
    for name in ("a/index.html", "b/index.html"):
        packed = (new / (name + ".gz")).read_bytes()
        assert gzip.decompress(packed) == (new / name).read_bytes()
        assert packed == gzip_bytes((new / name).read_bytes())


def test_gzip_without_a_previous_site_compresses_everything(tmp_path):
    new = _site(tmp_path / "new", {"index.html": "<p>" + "words " * 100})
    stats = precompress(new, previous=tmp_path / "missing")
    assert stats["gzip_reused"] == 0 and stats["gzip_files"] == 1


def test_derived_cache_makes_once_per_input_and_never_keeps_a_failure(tmp_path):
    from campaign.cache.derived import Derived

    calls = []

    def make(value: bytes):
        def inner():
            calls.append(value)
            return value
        return inner

    cache = Derived(tmp_path)
    assert cache.get("text", "a", make(b"A")) == b"A"
    assert cache.get("text", "a", make(b"other")) == b"A"  # kept: not made again
    assert Derived(tmp_path).get("text", "a", make(b"x")) == b"A"  # next build
    assert cache.get("text", "b", make(b"B")) == b"B"
    assert cache.get("calendar", "a", make(b"C")) == b"C"  # another label, another entry
    assert calls == [b"A", b"B", b"C"]

    def broken():
        raise ValueError("bad entry")

    with pytest.raises(ValueError):
        cache.get("text", "c", broken)
    assert cache.get("text", "c", make(b"fixed")) == b"fixed"
    assert not list((tmp_path / "derived").glob("*.tmp"))


def test_calendars_are_made_again_when_time_zone_rules_change(tmp_path, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from campaign.outputs import calendars
    from campaign.outputs.ics import CalendarEvent

    london = ZoneInfo("Europe/London")
    entry = CalendarEvent(uid_slug="m", title="Meeting", start=datetime(2026, 12, 1, 19, tzinfo=london),
                          end=datetime(2026, 12, 1, 21, tzinfo=london), location="", url="/m/",
                          description="", stamp=datetime(2026, 11, 1, tzinfo=london))
    before = calendars._zone_data([entry])
    calendars._zone_rules.cache_clear()
    monkeypatch.setattr(calendars.zoneinfo, "TZPATH", ())  # as if the rules came from elsewhere
    assert calendars._zone_data([entry]) != before
    calendars._zone_rules.cache_clear()


@pytest.mark.parametrize("name, value", [("CAMPAIGN_SEARCH_PART_PAGES", 0), ("CAMPAIGN_SEARCH_PART_PAGES", "many"),
                                         ("CAMPAIGN_READ_WORKERS", -1), ("CAMPAIGN_READ_WORKERS", 2.5)])
def test_speed_settings_must_be_whole_numbers(tmp_path, name, value):
    from campaign import settings
    from campaign.errors import CampaignError

    base = {"PATH": str(tmp_path), "THEME": str(tmp_path), "SECTIONS": [{"slug": "news", "title": "News"}]}
    assert settings.load(base).search_part_pages == settings.SEARCH_PART_PAGES
    assert settings.load(base).read_workers is None
    with pytest.raises(CampaignError) as raised:
        settings.load({**base, name: value})
    message = str(raised.value)
    assert "pelicanconf.py" in message and name in message and repr(value) in message


def test_prune_deletes_old_entries_at_most_once_a_day(tmp_path):
    import os
    import time

    from campaign.cache.files import prune

    old, fresh = tmp_path / "old.bin", tmp_path / "fresh.bin"
    for path in (old, fresh):
        path.write_bytes(b"x")
    month_ago = time.time() - 30 * 86400
    os.utime(old, (month_ago, month_ago))
    prune(tmp_path)
    assert not old.exists() and fresh.exists()
    os.utime(fresh, (month_ago, month_ago))
    prune(tmp_path)  # pruned less than a day ago: left for tomorrow
    assert fresh.exists()
    os.utime(tmp_path / ".pruned", (month_ago, month_ago))
    prune(tmp_path)
    assert not fresh.exists()
