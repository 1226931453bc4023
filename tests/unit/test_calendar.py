"""The iCalendar feed (campaign.outputs.ics), read back with icalendar itself."""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from campaign.outputs.ics import CalendarEvent, calendar_bytes

LONDON = ZoneInfo("Europe/London")
DOMAIN = "labourinexile.org"
PRODID = "-//Labour in Exile Network//lien-site//EN"  # the site's setting (pelicanconf.py)


def event(slug: str, start: datetime, end: datetime, **extra) -> CalendarEvent:
    fields: dict[str, Any] = {
        "uid_slug": slug, "title": f"Meeting {slug}", "start": start, "end": end,
        "location": "Labour Party HQ, 20 Rushworth Street, London SE1",
        "url": f"https://{DOMAIN}/2021/07/{slug}/", "description": "Bring a placard; all welcome.",
        "stamp": datetime(2021, 7, 1, 10, 30, tzinfo=LONDON),
    }
    fields.update(extra)
    return CalendarEvent(**fields)


SUMMER = event("summer-picket", datetime(2021, 7, 20, 19, tzinfo=LONDON), datetime(2021, 7, 20, 21, tzinfo=LONDON))
WINTER = event("winter-meeting", datetime(2021, 1, 20, 19, tzinfo=LONDON), datetime(2021, 1, 20, 21, tzinfo=LONDON))
DEADLINE = event("rule-change-deadline", datetime(2021, 9, 13, tzinfo=LONDON), datetime(2021, 9, 13, tzinfo=LONDON),
                 all_day=True, location="", description="")


def parsed(events: list[CalendarEvent], **kwargs) -> Calendar:
    return Calendar.from_ical(calendar_bytes(events, domain=DOMAIN, name="LIEN events", **{"prodid": PRODID, **kwargs}))


def by_uid(cal: Calendar) -> dict[str, Any]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_header():
    cal = parsed([SUMMER])
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["X-WR-CALNAME"]) == "LIEN events"
    assert "UID" not in cal  # a random calendar UID would break reproducible builds


def test_prodid_can_be_overridden():
    assert str(parsed([SUMMER], prodid="-//Other//x//EN")["PRODID"]) == "-//Other//x//EN"


def test_event_fields():
    vevent = by_uid(parsed([SUMMER]))["summer-picket@labourinexile.org"]
    assert str(vevent["SUMMARY"]) == "Meeting summer-picket"
    assert str(vevent["LOCATION"]) == "Labour Party HQ, 20 Rushworth Street, London SE1"
    assert str(vevent["URL"]) == "https://labourinexile.org/2021/07/summer-picket/"
    assert str(vevent["DESCRIPTION"]) == "Bring a placard; all welcome."


def test_dtstamp_is_the_given_stamp_in_utc():
    vevent = by_uid(parsed([SUMMER]))["summer-picket@labourinexile.org"]
    assert vevent["DTSTAMP"].dt == datetime(2021, 7, 1, 9, 30, tzinfo=UTC)
    assert b"DTSTAMP:20210701T093000Z" in calendar_bytes([SUMMER], domain=DOMAIN, name="x", prodid=PRODID)


@pytest.mark.parametrize("entry, utc", [
    (SUMMER, datetime(2021, 7, 20, 18, tzinfo=UTC)),
    (WINTER, datetime(2021, 1, 20, 19, tzinfo=UTC)),
])
def test_start_keeps_its_zone_and_converts_to_the_right_utc(entry, utc):
    vevent = by_uid(parsed([entry]))[f"{entry.uid_slug}@{DOMAIN}"]
    start = vevent["DTSTART"]
    assert start.params["TZID"] == "Europe/London"
    assert start.dt.tzinfo is not None
    assert start.dt.astimezone(UTC) == utc
    assert vevent["DTEND"].dt.astimezone(UTC) - utc == (entry.end - entry.start)


def test_vtimezone_present_for_each_zone_used():
    new_york = ZoneInfo("America/New_York")
    other = event("ny", datetime(2021, 7, 21, 19, tzinfo=new_york), datetime(2021, 7, 21, 20, tzinfo=new_york))
    cal = parsed([SUMMER, other])
    assert sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")) == ["America/New_York", "Europe/London"]
    assert cal.get_missing_tzids() == set()


def test_vtimezone_knows_british_summer_time():
    (vtimezone,) = parsed([SUMMER]).walk("VTIMEZONE")
    offsets = {str(sub["TZNAME"]): sub["TZOFFSETTO"].td.total_seconds() for sub in vtimezone.subcomponents}
    assert offsets == {"GMT": 0, "BST": 3600}


def test_utc_event_needs_no_vtimezone():
    utc = event("utc", datetime(2021, 7, 20, 18, tzinfo=UTC), datetime(2021, 7, 20, 19, tzinfo=UTC))
    assert parsed([utc]).walk("VTIMEZONE") == []


def test_all_day_deadline():
    cal = parsed([DEADLINE])
    vevent = by_uid(cal)["rule-change-deadline@labourinexile.org"]
    assert vevent["DTSTART"].params["VALUE"] == "DATE"
    assert vevent["DTSTART"].dt == date(2021, 9, 13)
    assert not isinstance(vevent["DTSTART"].dt, datetime)
    assert vevent["DTEND"].dt == date(2021, 9, 14)
    assert "LOCATION" not in vevent and "DESCRIPTION" not in vevent  # empty means absent
    assert cal.walk("VTIMEZONE") == []


def test_events_sorted_by_start_then_uid():
    twin = event("a-twin", SUMMER.start, SUMMER.end)
    cal = parsed([DEADLINE, SUMMER, WINTER, twin])
    assert [str(e["UID"]).split("@")[0] for e in cal.walk("VEVENT")] == [
        "winter-meeting", "a-twin", "summer-picket", "rule-change-deadline"]


def test_same_input_same_bytes_whatever_the_order():
    first = calendar_bytes([SUMMER, WINTER, DEADLINE], domain=DOMAIN, name="x", prodid=PRODID)
    assert first == calendar_bytes([DEADLINE, WINTER, SUMMER], domain=DOMAIN, name="x", prodid=PRODID)


def test_vtimezones_come_first_in_name_order():
    # icalendar's add_missing_timezones() follows set order, which changes with
    # PYTHONHASHSEED from one build to the next; sorted order cannot.
    zones = ["Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Paris", "Australia/Sydney"]
    events = [event(z, datetime(2021, 7, 20, 19, tzinfo=ZoneInfo(z)), datetime(2021, 7, 20, 20, tzinfo=ZoneInfo(z)))
              for z in zones]
    cal = parsed(events)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == sorted(zones)
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE"] * 5 + ["VEVENT"] * 5


@pytest.mark.parametrize("field", ["start", "end", "stamp"])
def test_naive_times_are_refused(field):
    naive = datetime(2021, 7, 20, 19)
    with pytest.raises(ValueError, match=f"summer-picket.*{field}.*no time zone"):
        changed: dict[str, Any] = {field: naive}
        calendar_bytes([replace(SUMMER, **changed)], domain=DOMAIN, name="x", prodid=PRODID)
