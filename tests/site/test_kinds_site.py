"""Events, motions and petitions on the built site: pages, calendars, and the build date's effect."""
from __future__ import annotations

import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import ROOT, BuiltSite, post_sources, run_build

DOMAIN = "labourinexile.org"
PRODID = "-//Labour in Exile Network//labourinexile.org//EN"  # made from SITENAME and SITE_URL
PICKET = "picket-labour-hq-against-the-purge-20-july-2021"
LAUNCH = "lien-launch-conference-27-february-2021"
FIRST_MEETING = "2021/03/first-fight-back-meeting-27-march-2021/"
DECEMBER = "members-meeting-winter-2026-review"
DECEMBER_PAGE = f"2026/11/{DECEMBER}/"
IHRA = "model-motion-for-conference-drop-the-ihra-definition-adopt-the-jerusalem-declaration"
IHRA_PAGE = f"2021/08/{IHRA}/"
RULE_CHANGE = "rule-change-end-fast-track-disciplinary-procedures"
PETITION_PAGE = "2021/01/sign-the-notice-of-non-cooperation/"
SIGN_URL = "https://forms.labourinexile.org/non-cooperation"


def calendar(site: BuiltSite, rel: str) -> Calendar:
    return Calendar.from_ical(site.path(rel).read_bytes())


def vevents(site: BuiltSite, rel: str) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar(site, rel).walk("VEVENT")}


def utc(vevent, key: str) -> datetime:
    return vevent[key].dt.astimezone(timezone.utc)


def text(soup, selector: str) -> str:
    found = soup.select_one(selector)
    assert found is not None, f"nothing matches {selector}"
    # Typogrify joins the last words with no-break spaces; a reader sees plain spaces.
    return " ".join(found.get_text().replace("\xa0", " ").split())


def sources_of_kind(kind: str) -> list[Path]:
    return [p for p in post_sources() if f"\nKind: {kind}\n" in p.read_text(encoding="utf-8")]


# --- calendars ---------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["calendar.ics", f"events/{PICKET}.ics", "motion-deadlines.ics"])
def test_calendar_files_are_ours_and_stamped(site, rel):
    cal = calendar(site, rel)
    assert str(cal["PRODID"]) == PRODID
    entries = cal.walk("VEVENT")
    assert entries
    for entry in entries:
        assert str(entry["UID"]).endswith(f"@{DOMAIN}")
        assert "DTSTAMP" in entry and "DTSTART" in entry and "DTEND" in entry


def test_site_calendar_holds_every_event_once(site):
    uids = sorted(vevents(site, "calendar.ics"))
    files = sorted(p.stem for p in (site.root / "events").glob("*.ics"))
    assert len(files) == len(sources_of_kind("event")) == 7
    assert uids == [f"{slug}@{DOMAIN}" for slug in files]


@pytest.mark.parametrize("slug, start_utc, end_utc", [
    (PICKET, datetime(2021, 7, 20, 16, 30), datetime(2021, 7, 20, 18, 30)),  # British Summer Time
    (LAUNCH, datetime(2021, 2, 27, 11, 0), datetime(2021, 2, 27, 17, 0)),  # winter: London is on UTC
])
def test_event_times_carry_the_london_offset(site, slug, start_utc, end_utc):
    for rel in (f"events/{slug}.ics", "calendar.ics"):
        entry = vevents(site, rel)[f"{slug}@{DOMAIN}"]
        assert entry["DTSTART"].params["TZID"] == "Europe/London"
        assert utc(entry, "DTSTART") == start_utc.replace(tzinfo=timezone.utc)
        assert utc(entry, "DTEND") == end_utc.replace(tzinfo=timezone.utc)


def test_event_entry_stamp_url_and_place(site):
    entry = vevents(site, f"events/{PICKET}.ics")[f"{PICKET}@{DOMAIN}"]
    # DTSTAMP is the post's Date (2021-07-06, London midnight), so rebuilding changes nothing.
    assert utc(entry, "DTSTAMP") == datetime(2021, 7, 5, 23, 0, tzinfo=timezone.utc)
    assert str(entry["URL"]) == f"/2021/07/{PICKET}/"  # SITEURL is empty in pelicanconf.py
    assert str(entry["LOCATION"]).startswith("Labour Party HQ, Southside")
    assert str(entry["SUMMARY"]) == "Picket Labour HQ against the purge, 20 July 2021"


def test_motion_deadlines_are_all_day_entries(site):
    entries = vevents(site, "motion-deadlines.ics")
    assert sorted(entries) == [f"deadline-{IHRA}@{DOMAIN}", f"deadline-{RULE_CHANGE}@{DOMAIN}"]
    ihra = entries[f"deadline-{IHRA}@{DOMAIN}"]
    assert ihra["DTSTART"].dt == date(2021, 9, 13) and not isinstance(ihra["DTSTART"].dt, datetime)
    assert ihra["DTEND"].dt == date(2021, 9, 14)  # exclusive end: the whole of 13 September
    assert str(ihra["SUMMARY"]).startswith("Deadline: Model motion for conference")


# --- event pages and lists -----------------------------------------------------------------

def test_past_event_page_shows_when_where_and_that_it_took_place(site):
    page = site.soup(FIRST_MEETING)
    assert text(page, ".event-box time") == "Saturday 27 March 2021, 2pm\u20135pm"
    assert page.select_one(".event-box time")["datetime"] == "2021-03-27T14:00:00+00:00"
    assert "This event has taken place." in text(page, ".event-box")
    assert "Online" in text(page, ".event-box dl")
    assert not page.select(".event-box .button"), "no Register or calendar buttons on a past event"


def test_upcoming_event_page_has_register_and_calendar_buttons(site):
    page = site.soup(DECEMBER_PAGE)
    box = text(page, ".event-box")
    assert "Saturday 12 December 2026, 2pm\u20134pm" in box
    assert "taken place" not in box
    # The visible words only: each button also carries the event's title for screen readers.
    buttons = {a.find(string=True, recursive=False).strip(): a["href"] for a in page.select(".event-box a.button")}
    assert buttons == {"Register": "https://forms.labourinexile.org/december-2026",
                       "Add to calendar": f"/events/{DECEMBER}.ics"}
    assert site.path(f"events/{DECEMBER}.ics").is_file()


def test_picket_page_names_the_place(site):
    page = site.soup(f"2021/07/{PICKET}/")
    assert "Labour Party HQ, Southside, 105 Victoria Street, London SW1" in text(page, ".event-box dl")


def test_home_page_lists_only_upcoming_events(site):
    links = [a["href"] for a in site.soup("index.html").select(".home-events .event-list a")]
    assert links == [f"/{DECEMBER_PAGE}"]


def test_events_section_puts_upcoming_before_past(site):
    page = site.soup("section/events/")
    assert [h.get_text(strip=True) for h in page.select(".post-group__title")] == ["Upcoming", "Past"]
    first = page.select(".post-group")[0].select(".post-card__title a")
    assert [a["href"] for a in first] == [f"/{DECEMBER_PAGE}"]


@pytest.mark.parametrize("section, calendar_path", [("events", "calendar.ics"),
                                                    ("model-motions", "motion-deadlines.ics")])
def test_section_pages_offer_their_calendar(site, section, calendar_path):
    page = site.soup(f"section/{section}/")
    link = page.select_one(".section-header__calendar a")
    assert link["href"] == f"/{calendar_path}"
    assert link.get_text(" ", strip=True).startswith("Subscribe to the calendar")
    alternate = page.select_one('head link[rel=alternate][type="text/calendar"]')
    assert alternate["href"] == f"/{calendar_path}"


def test_other_sections_offer_no_calendar(site):
    page = site.soup("section/campaigns/")
    assert not page.select(".section-header__calendar, link[type='text/calendar']")


# --- motions and petitions ------------------------------------------------------------------

@pytest.mark.parametrize("page, expected", [
    (IHRA_PAGE, {"Type": "Contemporary motion", "To be moved at": "branch, CLP, conference",
                 "Deadline": "13 September 2021 \u2014 closed",
                 "Submit to": "Your branch first, then your CLP, which sends it to the NEC for Labour Party conference"}),
    (f"2021/05/{RULE_CHANGE}/", {"Type": "Rule change", "Deadline": "11 June 2021 \u2014 closed"}),
])
def test_motion_box_as_of_the_build_day(site, page, expected):
    facts = {div.dt.get_text(strip=True): " ".join(div.dd.get_text(" ", strip=True).split())
             for div in site.soup(page).select(".motion-box dl > div")}
    assert {key: facts.get(key) for key in expected} == expected


def test_motion_text_is_a_numbered_list(site):
    lists = site.soup(IHRA_PAGE).select("article.post--motion .post__body > ol")
    assert [len(ol.select(":scope > li")) for ol in lists] == [4, 4, 4]


def test_petition_page_and_home_call_to_action_link_to_the_form(site):
    page = site.soup(PETITION_PAGE)
    assert [a["href"] for a in page.select(".petition-box a.button")] == [SIGN_URL]
    assert text(page, ".petition-box a.button") == "Sign the petition"
    demands = page.select("article.post--petition .post__body > ul:first-of-type > li")
    assert len(demands) == 5
    cta = site.soup("index.html").select_one(".cta")
    assert cta.select_one("a.button")["href"] == SIGN_URL
    assert cta.select_one(f'a[href="/{PETITION_PAGE}"]')


def test_no_page_embeds_a_video_player(site):
    offenders = []
    for path in site.html_files():
        soup = site.soup(str(path.relative_to(site.root)))
        for tag in soup.select("iframe, embed, object, [src*=youtube], [src*=vimeo], [data*=youtube]"):
            offenders.append(f"{path.relative_to(site.root)}: {tag.name}")
    assert offenders == []
    # The check sees the video's page: the Forde hearing is a plain link to YouTube.
    links = site.soup("2021/05/not-the-forde-inquiry-5-june-2021/").select("a.video-card__link")
    assert [a["href"] for a in links] == ["https://www.youtube.com/watch?v=LIENforde01"]


# --- builds as of other days -----------------------------------------------------------------

LATER_MOTION = """Title: A later model motion
Date: 2021-09-01
Category: Model motions
Kind: motion
Motion_type: motion
Body: branch
Deadline: 2021-09-30
Submit_to: Your branch secretary
Summary: A motion with a later deadline, published after the IHRA motion.

1. This branch notes.
"""


def _build_as_of(tmp_path_factory, day: str, change=None) -> BuiltSite:
    content = tmp_path_factory.mktemp(f"content-{day}") / "content"
    shutil.copytree(ROOT / "content", content)
    if change:
        change(content)
    out = content.parent / "output"
    result = run_build(content, out, today=day)
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(out)


def _september_changes(content: Path) -> None:
    (content / "posts" / "model-motions" / "2021-09-01-later-motion.md").write_text(LATER_MOTION, encoding="utf-8")
    petition = content / "posts" / "campaigns" / "2021-01-20-notice-of-non-cooperation.md"
    petition.write_text(petition.read_text(encoding="utf-8").replace("Kind: petition\n",
                                                                     "Kind: petition\nCloses: 2021-09-01\n"))
    bristol = content / "posts" / "events" / "2021-06-10-bristol-protest.md"
    bristol.write_text(bristol.read_text(encoding="utf-8").replace("Kind: event\n", "Kind: event\nStatus: draft\n"))


@pytest.fixture(scope="module")
def september_8(tmp_path_factory) -> BuiltSite:
    """Built as of 2021-09-08, with a later motion added, the petition closed and an event a draft."""
    return _build_as_of(tmp_path_factory, "2021-09-08", _september_changes)


@pytest.fixture(scope="module")
def september_13(tmp_path_factory) -> BuiltSite:
    return _build_as_of(tmp_path_factory, "2021-09-13")


@pytest.mark.parametrize("build, wording", [("september_8", "closes in 5 days"), ("september_13", "closes today")])
def test_ihra_deadline_wording_follows_the_build_day(request, build, wording):
    built = request.getfixturevalue(build)
    page = built.soup(IHRA_PAGE)
    assert text(page, ".motion-box__deadline") == f"13 September 2021 \u2014 {wording}"
    cards = text(built.soup("section/model-motions/"), ".post-group")
    assert f"Deadline 13 September 2021 ({wording})" in cards


def test_open_motions_come_first_by_nearest_deadline(september_8):
    page = september_8.soup("section/model-motions/")
    groups = page.select(".post-group")
    assert groups[0].select_one(".post-group__title").get_text(strip=True) == "Open for submission"
    # Nearest deadline first, although the later motion is the newer post.
    assert [a["href"] for a in groups[0].select(".post-card__title a")] == [
        f"/{IHRA_PAGE}", "/2021/09/a-later-model-motion/"]
    closed = [a["href"] for g in groups[1:] for a in g.select(".post-card__title a")]
    assert f"/2021/05/{RULE_CHANGE}/" in closed


def test_closed_petition_is_not_current_and_cannot_be_signed(september_8):
    assert not september_8.soup("index.html").select(".cta")
    page = september_8.soup(PETITION_PAGE)
    assert "It closed on 1 September 2021." in text(page, ".petition-box")
    assert not page.select(".petition-box a.button")


def test_unpublished_events_get_no_calendar(september_8):
    uids = vevents(september_8, "calendar.ics")
    assert not (september_8.root / "events" / f"{DECEMBER}.ics").exists()  # embargoed until 2026
    assert not (september_8.root / "events" / "protest-in-bristol-25-june-2021.ics").exists()  # draft
    assert f"{DECEMBER}@{DOMAIN}" not in uids and f"protest-in-bristol-25-june-2021@{DOMAIN}" not in uids
    assert f"{PICKET}@{DOMAIN}" in uids


# --- bad input through the real build ---------------------------------------------------------

def test_event_ending_before_it_starts_stops_the_build_and_keeps_output(content_copy, tmp_path):
    picket = content_copy / "posts" / "events" / "2021-07-06-picket-labour-hq.md"
    picket.write_text(picket.read_text(encoding="utf-8").replace("End: 2021-07-20 19:30", "End: 2021-07-20 16:30"))
    out = tmp_path / "output"
    out.mkdir()
    (out / "marker.txt").write_text("the last good site")
    result = run_build(content_copy, out)
    assert result.returncode != 0
    assert "2021-07-06-picket-labour-hq.md:6: End 2021-07-20 16:30 is not after Start 2021-07-20 17:30" in result.stderr
    assert "make End later than Start" in result.stderr
    assert [p.name for p in out.iterdir()] == ["marker.txt"]
    assert (out / "marker.txt").read_text() == "the last good site"
