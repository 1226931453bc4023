"""The build instant is a date-time in the site's zone, and the embargo compares date-times."""
from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from campaign.content.dates import build_now, build_today
from campaign.content.visibility import is_embargoed, split_published
from campaign.errors import CampaignError

LONDON = ZoneInfo("Europe/London")


def test_a_day_alone_means_the_start_of_that_day_in_the_site_zone():
    assert build_now("2021-09-08", {}, "Europe/London") == datetime(2021, 9, 8, 0, 0, tzinfo=LONDON)
    assert build_today("2021-09-08", {}, "Europe/London") == date(2021, 9, 8)


@pytest.mark.parametrize("value", ["2021-09-08 14:00", "2021-09-08T14:00"])
def test_a_day_and_time_is_that_minute(value):
    assert build_now(value, {}, "Europe/London") == datetime(2021, 9, 8, 14, 0, tzinfo=LONDON)


def test_the_environment_variable_takes_a_time_too():
    assert build_now("", {"CAMPAIGN_TODAY": "2021-09-08 23:45"}, "Europe/London").hour == 23


def test_unset_means_now_in_the_site_zone():
    before = datetime.now(LONDON).replace(second=0, microsecond=0)
    now = build_now("", {}, "Europe/London")
    assert now.tzinfo is not None and before <= now <= datetime.now(LONDON)


def test_a_time_the_clocks_skip_is_refused():
    with pytest.raises(CampaignError) as caught:
        build_now("2021-03-28 01:30", {}, "Europe/London")
    assert str(caught.value).startswith("pelicanconf.py:1: CAMPAIGN_TODAY '2021-03-28 01:30'")


def _post(when: datetime):
    return SimpleNamespace(date=when)


def test_a_release_dated_tonight_waits_until_its_time():
    tonight = _post(datetime(2021, 9, 8, 23, 30, tzinfo=LONDON))
    assert is_embargoed(tonight, build_now("2021-09-08 14:00", {}, "Europe/London"))
    assert is_embargoed(tonight, build_now("2021-09-08", {}, "Europe/London"))
    assert not is_embargoed(tonight, build_now("2021-09-08 23:30", {}, "Europe/London"))
    assert not is_embargoed(tonight, build_now("2021-09-09", {}, "Europe/London"))


def test_the_comparison_is_in_absolute_time_across_zones():
    # 23:30 in London is 22:30 UTC (summer time): a UTC build instant of 22:45 publishes it.
    tonight = _post(datetime(2021, 9, 8, 23, 30, tzinfo=LONDON))
    assert not is_embargoed(tonight, build_now("2021-09-08 22:45", {}, "UTC"))
    assert is_embargoed(tonight, build_now("2021-09-08 22:15", {}, "UTC"))


def test_split_published_keeps_order():
    now = build_now("2021-09-08 14:00", {}, "Europe/London")
    posts = [_post(datetime(2021, 9, 8, h, 0, tzinfo=LONDON)) for h in (9, 23, 13, 15)]
    published, later = split_published(posts, now)
    assert [p.date.hour for p in published] == [9, 13] and [p.date.hour for p in later] == [23, 15]
