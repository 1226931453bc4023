"""Events, motions and petitions on the built site: pages, calendars, and the build date's effect."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import BuiltSite, root_sources

DOMAIN = "forum.example.org"
PRODID = "-//Riverside Residents Forum//test-site//EN"
STALL = "stall-outside-the-town-hall-20-july-2021"  # summer, at a place
FIRST_MEETING_SLUG = "first-open-meeting-27-march-2021"  # winter, online
FIRST_MEETING = f"2021/03/{FIRST_MEETING_SLUG}/"
WINTER = "residents-meeting-winter-2026"  # after the build day, with a Register link
WINTER_PAGE = f"2026/11/{WINTER}/"
DRAFT_EVENT = "walkabout-on-the-east-estate-25-june-2021"
RENTS = "model-motion-freeze-rents-while-repairs-are-outstanding"
RENTS_PAGE = f"2021/08/{RENTS}/"
RULE_CHANGE = "rule-change-open-every-committee-meeting-to-residents"
LATER = "a-later-model-motion"
PETITION_PAGE = "2026/10/sign-for-a-public-repairs-register/"
CLOSED_PETITION_PAGE = "2021/08/keep-the-mill-lane-library-open/"
SIGN_URL = "https://forms.example.org/repairs-register"


def calendar(kinds: BuiltSite, rel: str) -> Calendar:
    return Calendar.from_ical(kinds.path(rel).read_bytes())


def vevents(kinds: BuiltSite, rel: str) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar(kinds, rel).walk("VEVENT")}


def utc(vevent, key: str) -> datetime:
    return vevent[key].dt.astimezone(UTC)


def text(soup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    # Typogrify joins the last words with no-break spaces; a reader sees plain spaces.
    return " ".join(found.get_text().replace("\xa0", " ").split())


def published_of_kind(kind: str) -> list[Path]:
    return [p for p in root_sources("kinds") if f"\nKind: {kind}\n" in (text := p.read_text(encoding="utf-8"))
            and "\nStatus: draft\n" not in text]


# --- calendars ---------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["calendar.ics", f"events/{STALL}.ics", "motion-deadlines.ics"])
def test_calendar_files_are_ours_and_stamped(kinds, rel):
    cal = calendar(kinds, rel)
    assert str(cal["PRODID"]) == PRODID
    entries = cal.walk("VEVENT")
    assert entries
    for entry in entries:
        assert str(entry["UID"]).endswith(f"@{DOMAIN}")
        assert "DTSTAMP" in entry and "DTSTART" in entry and "DTEND" in entry


def test_site_calendar_holds_every_event_once(kinds):
    uids = sorted(vevents(kinds, "calendar.ics"))
    files = sorted(p.stem for p in (kinds.root / "events").glob("*.ics"))
    assert len(files) == len(published_of_kind("event")) == 3  # the draft event has none
    assert uids == [f"{slug}@{DOMAIN}" for slug in files]


@pytest.mark.parametrize("slug, start_utc, end_utc", [
    (STALL, datetime(2021, 7, 20, 16, 30), datetime(2021, 7, 20, 18, 30)),  # British Summer Time
    (FIRST_MEETING_SLUG, datetime(2021, 3, 27, 14, 0), datetime(2021, 3, 27, 17, 0)),  # winter: London is on UTC
])
def test_event_times_carry_the_london_offset(kinds, slug, start_utc, end_utc):
    for rel in (f"events/{slug}.ics", "calendar.ics"):
        entry = vevents(kinds, rel)[f"{slug}@{DOMAIN}"]
        assert entry["DTSTART"].params["TZID"] == "Europe/London"
        assert utc(entry, "DTSTART") == start_utc.replace(tzinfo=UTC)
        assert utc(entry, "DTEND") == end_utc.replace(tzinfo=UTC)


def test_event_entry_stamp_url_and_place(kinds):
    entry = vevents(kinds, f"events/{STALL}.ics")[f"{STALL}@{DOMAIN}"]
    # DTSTAMP is the post's Date (2021-07-06, London midnight), so rebuilding changes nothing.
    assert utc(entry, "DTSTAMP") == datetime(2021, 7, 5, 23, 0, tzinfo=UTC)
    assert str(entry["URL"]) == f"/2021/07/{STALL}/"  # SITEURL is empty in pelicanconf.py
    assert str(entry["LOCATION"]) == "Town Hall steps, 1 Market Square, Riverside RV1 1AA"
    assert str(entry["SUMMARY"]) == "Stall outside the town hall, 20 July 2021"


def test_motion_deadlines_are_all_day_entries(kinds):
    entries = vevents(kinds, "motion-deadlines.ics")
    assert sorted(entries) == sorted(f"deadline-{slug}@{DOMAIN}" for slug in (RENTS, RULE_CHANGE, LATER))
    rents = entries[f"deadline-{RENTS}@{DOMAIN}"]
    assert rents["DTSTART"].dt == date(2021, 9, 13) and not isinstance(rents["DTSTART"].dt, datetime)
    assert rents["DTEND"].dt == date(2021, 9, 14)  # exclusive end: the whole of 13 September
    assert str(rents["SUMMARY"]) == "Deadline: Model motion: freeze rents while repairs are outstanding"


# --- event pages and lists -----------------------------------------------------------------

def test_past_event_page_shows_when_where_and_that_it_took_place(kinds):
    page = kinds.soup(FIRST_MEETING)
    assert text(page, ".event-box time") == "Saturday 27 March 2021, 2pm\u20135pm"
    assert page.select_one(".event-box time")["datetime"] == "2021-03-27T14:00:00+00:00"
    assert "This event has taken place." in text(page, ".event-box")
    assert "Online" in text(page, ".event-box dl")
    assert not page.select(".event-box .button"), "no Register or calendar buttons on a past event"


def test_upcoming_event_page_has_register_and_calendar_buttons(kinds):
    page = kinds.soup(WINTER_PAGE)
    box = text(page, ".event-box")
    assert "Saturday 12 December 2026, 2pm\u20134pm" in box
    assert "taken place" not in box
    # The visible words only: each button also carries the event's title for screen readers.
    buttons = {a.find(string=True, recursive=False).strip(): a["href"] for a in page.select(".event-box a.button")}
    assert buttons == {"Register": "https://forms.example.org/winter-2026",
                       "Add to calendar": f"/events/{WINTER}.ics"}
    assert kinds.path(f"events/{WINTER}.ics").is_file()


def test_event_page_names_the_place(kinds):
    page = kinds.soup(f"2021/07/{STALL}/")
    assert "Town Hall steps, 1 Market Square, Riverside RV1 1AA" in text(page, ".event-box dl")


def test_home_page_lists_only_upcoming_events(kinds):
    links = [a["href"] for a in kinds.soup("index.html").select(".home-events .event-list a")]
    assert links == [f"/{WINTER_PAGE}"]


def test_events_section_puts_upcoming_before_past(kinds):
    page = kinds.soup("section/events/")
    assert [h.get_text(strip=True) for h in page.select(".post-group__title")] == ["Upcoming", "Past"]
    first = page.select(".post-group")[0].select(".post-card__title a")
    assert [a["href"] for a in first] == [f"/{WINTER_PAGE}"]


@pytest.mark.parametrize("section, calendar_path", [("events", "calendar.ics"),
                                                    ("model-motions", "motion-deadlines.ics")])
def test_section_pages_offer_their_calendar(kinds, section, calendar_path):
    page = kinds.soup(f"section/{section}/")
    link = page.select_one(".section-header__calendar a")
    assert link["href"] == f"/{calendar_path}"
    assert link.get_text(" ", strip=True).startswith("Subscribe to the calendar")
    alternate = page.select_one('head link[rel=alternate][type="text/calendar"]')
    assert alternate["href"] == f"/{calendar_path}"


def test_other_sections_offer_no_calendar(kinds):
    page = kinds.soup("section/campaigns/")
    assert not page.select(".section-header__calendar, link[type='text/calendar']")


# --- motions and petitions ------------------------------------------------------------------

@pytest.mark.parametrize("page, expected", [
    (RENTS_PAGE, {"Type": "Contemporary motion", "To be moved at": "association, ward forum, council",
                  "Deadline": "13 September 2021 \u2014 closed",
                  "Submit to": "Your association's secretary first, who sends it on to the ward forum"}),
    (f"2021/05/{RULE_CHANGE}/", {"Type": "Rule change", "Deadline": "11 June 2021 \u2014 closed"}),
])
def test_motion_box_as_of_the_build_day(kinds, page, expected):
    facts = {div.dt.get_text(strip=True): " ".join(div.dd.get_text(" ", strip=True).split())
             for div in kinds.soup(page).select(".motion-box dl > div")}
    assert {key: facts.get(key) for key in expected} == expected


def test_motion_text_is_a_numbered_list(kinds):
    lists = kinds.soup(RENTS_PAGE).select("article.post--motion .post__body > ol")
    assert [len(ol.select(":scope > li")) for ol in lists] == [4, 3, 2]


def test_petition_page_and_home_call_to_action_link_to_the_form(kinds):
    page = kinds.soup(PETITION_PAGE)
    assert [a["href"] for a in page.select(".petition-box a.button")] == [SIGN_URL]
    assert text(page, ".petition-box a.button") == "Sign the petition"
    demands = page.select("article.post--petition .post__body > ul:first-of-type > li")
    assert len(demands) == 3
    cta = kinds.soup("index.html").select_one(".cta")
    assert cta.select_one("a.button")["href"] == SIGN_URL
    assert cta.select_one(f'a[href="/{PETITION_PAGE}"]')


def test_no_page_embeds_a_video_player(kinds):
    offenders = []
    for path in kinds.html_files():
        soup = kinds.soup(str(path.relative_to(kinds.root)))
        for tag in soup.select("iframe, embed, object, [src*=youtube], [src*=vimeo], [data*=youtube]"):
            offenders.append(f"{path.relative_to(kinds.root)}: {tag.name}")
    assert offenders == []
    # The check sees the video's page: the testimony's video is a plain link to YouTube.
    links = kinds.soup("2021/02/three-winters-of-damp-a-neighbour-from-block-c/").select("a.video-card__link")
    assert [a["href"] for a in links] == ["https://www.youtube.com/watch?v=TESTvideo01"]


# --- builds as of other days -----------------------------------------------------------------

@pytest.fixture(scope="module")
def september_8(roots) -> BuiltSite:
    """As of 2021-09-08: the rents motion open, the library petition closed, the 2026 posts embargoed."""
    return roots("kinds", today="2021-09-08")


@pytest.fixture(scope="module")
def september_13(roots) -> BuiltSite:
    return roots("kinds", today="2021-09-13")


@pytest.mark.parametrize("build, wording", [("september_8", "closes in 5 days"), ("september_13", "closes today")])
def test_deadline_wording_follows_the_build_day(request, build, wording):
    built = request.getfixturevalue(build)
    page = built.soup(RENTS_PAGE)
    assert text(page, ".motion-box__deadline") == f"13 September 2021 \u2014 {wording}"
    cards = text(built.soup("section/model-motions/"), ".post-group")
    assert f"Deadline 13 September 2021 ({wording})" in cards


def test_open_motions_come_first_by_nearest_deadline(september_8):
    page = september_8.soup("section/model-motions/")
    groups = page.select(".post-group")
    assert groups[0].select_one(".post-group__title").get_text(strip=True) == "Open for submission"
    # Nearest deadline first, although the later motion is the newer post.
    assert [a["href"] for a in groups[0].select(".post-card__title a")] == [
        f"/{RENTS_PAGE}", f"/2021/09/{LATER}/"]
    closed = [a["href"] for g in groups[1:] for a in g.select(".post-card__title a")]
    assert f"/2021/05/{RULE_CHANGE}/" in closed


def test_closed_petition_is_not_current_and_cannot_be_signed(september_8):
    assert not september_8.soup("index.html").select(".cta")
    page = september_8.soup(CLOSED_PETITION_PAGE)
    assert "It closed on 1 September 2021." in text(page, ".petition-box")
    assert not page.select(".petition-box a.button")


def test_unpublished_events_get_no_calendar(september_8):
    uids = vevents(september_8, "calendar.ics")
    assert not (september_8.root / "events" / f"{WINTER}.ics").exists()  # embargoed until 2026
    assert not (september_8.root / "events" / f"{DRAFT_EVENT}.ics").exists()  # draft
    assert f"{WINTER}@{DOMAIN}" not in uids and f"{DRAFT_EVENT}@{DOMAIN}" not in uids
    assert f"{STALL}@{DOMAIN}" in uids


def test_a_closed_petition_says_so_on_the_build_day_too(kinds):
    page = kinds.soup(CLOSED_PETITION_PAGE)
    assert "It closed on 1 September 2021." in text(page, ".petition-box")
    assert not page.select(".petition-box a.button")
    # An event ending before it starts: tests/site/test_bad_input.py (the mistakes root).
