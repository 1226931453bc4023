"""Dates as volunteers write them and as readers see them (campaign.content.dates)."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from campaign.content.dates import (
    DeadlineStatus,
    build_today,
    check_span,
    day_in_words,
    deadline_status,
    parse_day,
    parse_local,
    when_in_words,
)
from campaign.errors import CampaignError, setting_line

LONDON = ZoneInfo("Europe/London")
POST = "content/posts/events/2021-03-01-picket.md"


def local(text: str, tz: str = "Europe/London") -> datetime:
    return parse_local(text, tz, path=POST, line=7, field="Start")


# --- parsing -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2021-07-20 19:00", "2021-07-20T19:00", " 2021-07-20 19:00 "])
def test_parse_local_accepts_space_or_t(text):
    assert local(text) == datetime(2021, 7, 20, 19, 0, tzinfo=LONDON)
    assert local(text).tzinfo == LONDON


@pytest.mark.parametrize("text, utc_hour", [("2021-07-20 19:00", 18), ("2021-01-20 19:00", 19)])
def test_parse_local_applies_summer_time(text, utc_hour):
    assert local(text).astimezone(UTC).hour == utc_hour


def test_parse_local_uses_the_named_zone():
    assert local("2021-07-20 19:00", "America/New_York").astimezone(UTC).hour == 23


@pytest.mark.parametrize("bad", ["27/03/2021 2pm", "2021-03-27", "2021-3-27 14:00", "2021-03-27 14:00:00", ""])
def test_malformed_date_time_names_file_line_field_value_and_fix(bad):
    with pytest.raises(CampaignError) as caught:
        local(bad)
    message = str(caught.value)
    assert message.startswith(f"{POST}:7: Start {bad!r} is not a date and time")
    assert "write it as 2021-03-27 14:00" in message


def test_impossible_date_is_refused():
    with pytest.raises(CampaignError, match=r":7: Start '2021-02-30 14:00' is not a real date"):
        local("2021-02-30 14:00")


def test_time_skipped_by_the_clocks_going_forward_is_refused():
    with pytest.raises(CampaignError, match="does not exist in Europe/London"):
        local("2021-03-28 01:30")


@pytest.mark.parametrize("bad, suggestion", [
    ("Europe/Londn", "Europe/London"),
    ("europe/london", "Europe/London"),
    ("EUROPE/LONDON", "Europe/London"),
    ("America/NewYork", "America/New_York"),
])
def test_unknown_zone_suggests_the_nearest(bad, suggestion):
    with pytest.raises(CampaignError) as caught:
        local("2021-07-20 19:00", bad)
    message = str(caught.value)
    assert message.startswith(f"{POST}:7: unknown Timezone {bad!r}; did you mean {suggestion}?")
    assert "such as Europe/London" in message


def test_unknown_zone_without_a_near_name_still_gives_the_fix():
    with pytest.raises(CampaignError) as caught:
        local("2021-07-20 19:00", "../../etc/passwd")
    assert "did you mean" not in str(caught.value)
    assert "leave Timezone out" in str(caught.value)


def test_parse_day():
    assert parse_day("2021-09-13", path=POST, line=5, field="Deadline") == date(2021, 9, 13)


@pytest.mark.parametrize("bad", ["13/09/2021", "2021-09-13 17:00", "2021-13-01", "soon"])
def test_malformed_day_names_file_line_field_and_fix(bad):
    with pytest.raises(CampaignError) as caught:
        parse_day(bad, path=POST, line=5, field="Deadline")
    message = str(caught.value)
    assert message.startswith(f"{POST}:5: Deadline {bad!r} is not a")
    assert "write it as 2021-03-27" in message


def test_end_before_start_is_refused():
    with pytest.raises(CampaignError) as caught:
        check_span(local("2021-03-27 17:00"), local("2021-03-27 14:00"), path=POST, line=8)
    assert str(caught.value).startswith(f"{POST}:8: End 2021-03-27 14:00 is not after Start 2021-03-27 17:00")
    assert "make End later than Start" in str(caught.value)


def test_end_equal_to_start_is_refused():
    with pytest.raises(CampaignError):
        check_span(local("2021-03-27 17:00"), local("2021-03-27 17:00"), path=POST, line=8)


def test_end_after_start_passes():
    check_span(local("2021-03-27 14:00"), local("2021-03-27 17:00"), path=POST, line=8)  # raises nothing


# --- words -------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, words", [
    ("2021-03-27 14:00", "2021-03-27 17:00", "Saturday 27 March 2021, 2pm\u20135pm"),
    ("2021-05-15 18:00", "2021-05-15 20:00", "Saturday 15 May 2021, 6pm\u20138pm"),
    ("2021-07-20 18:30", "2021-07-20 20:45", "Tuesday 20 July 2021, 6:30pm\u20138:45pm"),
    ("2021-02-06 09:05", "2021-02-06 12:00", "Saturday 6 February 2021, 9:05am\u201312pm"),
    ("2021-02-06 00:00", "2021-02-06 00:30", "Saturday 6 February 2021, 12am\u201312:30am"),
    ("2021-06-25 12:00", "2021-06-26 14:00",
     "Friday 25 June 2021, 12pm \u2013 Saturday 26 June 2021, 2pm"),
    ("2021-09-24 19:00", "2021-09-25 00:00", "Friday 24 September 2021, 7pm\u2013midnight"),
])
def test_when_in_words(start, end, words):
    assert when_in_words(local(start), local(end)) == words


def test_when_in_words_reads_the_end_on_the_start_clock():
    start = local("2021-07-20 19:00")
    end = datetime(2021, 7, 20, 20, 0, tzinfo=UTC)  # 9pm in London
    assert when_in_words(start, end) == "Tuesday 20 July 2021, 7pm\u20139pm"


@pytest.mark.parametrize("d, words", [(date(2021, 9, 13), "13 September 2021"), (date(2022, 1, 1), "1 January 2022")])
def test_day_in_words(d, words):
    assert day_in_words(d) == words


# --- deadlines and the build date --------------------------------------------------------

@pytest.mark.parametrize("today, expected", [
    (date(2021, 9, 8), DeadlineStatus("open", 5, "closes in 5 days")),
    (date(2021, 9, 11), DeadlineStatus("open", 2, "closes in 2 days")),
    (date(2021, 9, 12), DeadlineStatus("open", 1, "closes tomorrow")),
    (date(2021, 9, 13), DeadlineStatus("today", 0, "closes today")),
    (date(2021, 9, 14), DeadlineStatus("closed", -1, "closed")),
    (date(2022, 1, 1), DeadlineStatus("closed", -110, "closed")),
])
def test_deadline_status(today, expected):
    assert deadline_status(date(2021, 9, 13), today) == expected


def test_build_today_setting_wins_over_environment():
    assert build_today("2021-07-01", {"CAMPAIGN_TODAY": "2020-01-01"}) == date(2021, 7, 1)
    assert build_today(date(2021, 7, 2), {"CAMPAIGN_TODAY": "2020-01-01"}) == date(2021, 7, 2)
    assert build_today(datetime(2021, 7, 3, 9, 0), {}) == date(2021, 7, 3)


@pytest.mark.parametrize("setting", [None, ""])
def test_build_today_falls_back_to_environment(setting):
    assert build_today(setting, {"CAMPAIGN_TODAY": "2020-01-01"}) == date(2020, 1, 1)


def test_build_today_falls_back_to_today():
    before = date.today()
    result = build_today(None, {"CAMPAIGN_TODAY": ""})
    assert before <= result <= date.today()  # brackets the call in case midnight passes


@pytest.mark.parametrize("setting, env, source", [
    ("2021-02-30", {}, "setting"),
    ("next week", {}, "setting"),
    (None, {"CAMPAIGN_TODAY": "27/03/2021"}, "environment variable"),
])
def test_bad_build_date_names_the_setting_and_fix(setting, env, source):
    with pytest.raises(CampaignError) as caught:
        build_today(setting, env)
    message = str(caught.value)
    assert message.startswith(f"pelicanconf.py:{setting_line('CAMPAIGN_TODAY')[1]}: CAMPAIGN_TODAY ")
    assert setting_line("CAMPAIGN_TODAY")[1] > 1
    assert f"the CAMPAIGN_TODAY {source}" in message
    assert "set CAMPAIGN_TODAY to a day written as 2021-03-27" in message
