"""Event, motion and petition metadata (campaign.content.events, .motions, .petitions), without a build."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from campaign.content.events import parse_event
from campaign.content.header import parse_header
from campaign.content.motions import parse_motion
from campaign.content.petitions import current_petition, parse_petition
from campaign.content.vocabulary import load_vocabulary
from campaign.outputs.calendars import calendar_files
from campaign.settings import CampaignSettings
from tests.conftest import ROOT

# These tests check LIEN's own words (its CAMPAIGN_KINDS in pelicanconf.py).
LIEN_WORDS = load_vocabulary(__import__("runpy").run_path(str(ROOT / "pelicanconf.py"))["CAMPAIGN_KINDS"])

PATH = "content/posts/events/2021-07-06-picket.md"
LONDON = ZoneInfo("Europe/London")


def settings(today: str = "2021-07-01") -> CampaignSettings:
    return CampaignSettings(
        sections=(), today=date.fromisoformat(today), preview=False, domain="labourinexile.org",
        prodid="-//Test//x//EN", content_dir=Path("content"), theme_dir=Path("theme"), section_feed=None,
        vocabulary=LIEN_WORDS)


def enrich(parser, header_lines: str, today: str = "2021-07-01"):
    """Run one kind's parser over a header (as a volunteer writes it) and put its value on a
    post as the adapter does; return (post, problems)."""
    text = "Title: Picket\nDate: 2021-07-06\n" + header_lines.strip() + "\n\nThe text.\n"
    post = SimpleNamespace(slug="picket", url="2021/07/picket/", title="Picket", summary="<p>Come.</p>",
                           date=datetime(2021, 7, 6, tzinfo=LONDON), source_path=PATH)
    result = parser(parse_header(text), settings(today), PATH, post.slug)
    attribute = {parse_event: "event", parse_motion: "motion", parse_petition: "petition"}[parser]
    setattr(post, attribute, None if isinstance(result, list) else result)
    return post, result if isinstance(result, list) else []


EVENT = """Kind: event
Start: 2021-07-20 17:30
End: 2021-07-20 19:30
Location: Labour Party HQ, London SW1"""


def one_problem(problems, line: int, message: str, fix: str) -> None:
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.path, problem.line) == (PATH, line)
    assert message in problem.message
    assert fix in problem.fix
    assert str(problem).startswith(f"{PATH}:{line}: ")


# --- events ------------------------------------------------------------------------------

def test_event_reads_times_in_london_and_words():
    post, problems = enrich(parse_event, EVENT + "\nRegister: https://forms.example.org/picket")
    assert problems == []
    event = post.event
    assert event.start.astimezone(UTC) == datetime(2021, 7, 20, 16, 30, tzinfo=UTC)
    assert event.tz == "Europe/London"
    assert event.when == "Tuesday 20 July 2021, 5:30pm\u20137:30pm"
    assert event.ics_url == "events/picket.ics"
    assert event.register == "https://forms.example.org/picket"
    assert not event.is_online
    assert event.upcoming


def test_event_in_another_zone_and_online():
    post, problems = enrich(parse_event, EVENT.replace("Labour Party HQ, London SW1", "online")
                            + "\nTimezone: America/New_York")
    assert problems == []
    assert post.event.start.astimezone(UTC).hour == 21
    assert post.event.is_online


@pytest.mark.parametrize("today, upcoming", [("2021-07-20", True), ("2021-07-21", False)])
def test_event_is_upcoming_until_its_day_is_over(today, upcoming):
    post, _ = enrich(parse_event, EVENT, today=today)
    assert post.event.upcoming is upcoming


@pytest.mark.parametrize("change, line, message, fix", [
    (("End: 2021-07-20 19:30", "End: 2021-07-20 16:00"), 5, "End 2021-07-20 16:00 is not after Start",
     "make End later than Start"),
    (("Start: 2021-07-20 17:30", "Start: 20/07/2021 5.30pm"), 4, "Start '20/07/2021 5.30pm' is not a date and time",
     "write it as 2021-03-27 14:00"),
    (("End: 2021-07-20 19:30", "End: 2021-07-32 19:30"), 5, "End '2021-07-32 19:30' is not a real date",
     "write it as 2021-03-27 14:00"),
    (("Location: Labour Party HQ, London SW1", "Location: HQ\nTimezone: Europe/Londn"), 7, "unknown Timezone 'Europe/Londn'",
     "write a zone name such as Europe/London"),
    (("Start: 2021-07-20 17:30", "Register: https://x.org"), 3, "this event has no Start",
     "add a line `Start: 2021-03-27 14:00`"),
    (("Location: Labour Party HQ, London SW1", "Register: https://x.org"), 3, "this event has no Location",
     "add a line `Location: Online"),
    (("Location: Labour Party HQ, London SW1", "Location: HQ\nRegister: www.example.org/picket"), 7,
     "Register 'www.example.org/picket' is not a link", "starting https://"),
])
def test_bad_event_names_file_line_and_fix(change, line, message, fix):
    post, problems = enrich(parse_event, EVENT.replace(*change))
    one_problem(problems, line, message, fix)
    assert post.event is None


def test_unknown_zone_suggests_the_real_name_once():
    _, problems = enrich(parse_event, EVENT + "\nTimezone: europe/london2")
    # Only the Timezone line is blamed, not Start and End as well.
    one_problem(problems, 7, "did you mean Europe/London?", "the site's TIMEZONE is the default")


# --- motions -----------------------------------------------------------------------------

MOTION = """Kind: motion
Motion_type: contemporary motion
Body: branch, CLP, conference
Deadline: 2021-09-13
Submit_to: Your CLP secretary"""


@pytest.mark.parametrize("today, state, text", [
    ("2021-09-08", "open", "closes in 5 days"),
    ("2021-09-13", "today", "closes today"),
    ("2021-09-14", "closed", "closed"),
])
def test_motion_deadline_as_of_the_build_date(today, state, text):
    post, problems = enrich(parse_motion, MOTION, today=today)
    assert problems == []
    motion = post.motion
    assert (motion.motion_type, motion.bodies) == ("contemporary motion", ("branch", "CLP", "conference"))
    assert (motion.deadline, motion.deadline_text) == (date(2021, 9, 13), "13 September 2021")
    assert (motion.status.state, motion.status.text) == (state, text)
    assert motion.submit_to == "Your CLP secretary"


def test_plain_motion_needs_no_deadline():
    post, problems = enrich(parse_motion, MOTION.replace("contemporary motion", "motion").replace(
        "Deadline: 2021-09-13\n", ""))
    assert problems == []
    assert (post.motion.deadline, post.motion.status, post.motion.deadline_text) == (None, None, "")


@pytest.mark.parametrize("change, line, message, fix", [
    (("Deadline: 2021-09-13\n", ""), 4, "a contemporary motion needs a Deadline", "add `Deadline: 2021-09-13`"),
    (("Deadline: 2021-09-13", "Deadline: 13 September"), 6, "Deadline '13 September' is not a date",
     "write it as 2021-03-27"),
    (("contemporary motion", "contempory motion"), 4, "unknown Motion_type 'contempory motion'",
     "did you mean 'contemporary motion'?"),
    (("Motion_type: contemporary motion\n", ""), 3, "this motion has no Motion_type",
     "add a line `Motion_type: contemporary motion`"),
    (("Submit_to: Your CLP secretary", "Submit_to:"), 7, "this motion has no Submit_to", "add a line `Submit_to:"),
    (("Body: branch, CLP, conference\n", ""), 3, "this motion has no Body", "add a line `Body: branch, CLP"),
])
def test_bad_motion_names_file_line_and_fix(change, line, message, fix):
    post, problems = enrich(parse_motion, MOTION.replace(*change))
    one_problem(problems, line, message, fix)
    assert post.motion is None


def test_rule_change_needs_a_deadline():
    _, problems = enrich(parse_motion, MOTION.replace("contemporary motion", "rule change").replace(
        "Deadline: 2021-09-13\n", ""))
    one_problem(problems, 4, "a rule change needs a Deadline", "add `Deadline: 2021-09-13`")


# --- petitions ---------------------------------------------------------------------------

PETITION = "Kind: petition\nSign: https://forms.labourinexile.org/non-cooperation"


@pytest.mark.parametrize("closes, today, is_closed", [
    (None, "2030-01-01", False), ("2021-07-31", "2021-07-31", False), ("2021-07-31", "2021-08-01", True)])
def test_petition_open_until_the_end_of_its_closing_day(closes, today, is_closed):
    extra = f"\nCloses: {closes}" if closes else ""
    post, problems = enrich(parse_petition, PETITION + extra, today=today)
    assert problems == []
    assert post.petition.sign_url == "https://forms.labourinexile.org/non-cooperation"
    assert post.petition.is_closed is is_closed
    assert post.petition.closes_text == ("31 July 2021" if closes else "")


def test_petition_may_be_signed_by_email():
    post, problems = enrich(parse_petition, "Kind: petition\nSign: mailto:sign@labourinexile.org")
    assert problems == [] and post.petition.sign_url.startswith("mailto:")


@pytest.mark.parametrize("header, line, message, fix", [
    ("Kind: petition", 3, "this petition has no Sign link", "add a line `Sign: https://...`"),
    ("Kind: petition\nSign: forms.labourinexile.org/x", 4, "is not an https:// or mailto: link", "starting https://"),
    ("Kind: petition\nSign: http://forms.labourinexile.org/x", 4, "is not an https:// or mailto: link",
     "starting https://"),
    (PETITION + "\nCloses: 31/07/2021", 5, "Closes '31/07/2021' is not a date", "write it as 2021-03-27"),
])
def test_bad_petition_names_file_line_and_fix(header, line, message, fix):
    post, problems = enrich(parse_petition, header)
    one_problem(problems, line, message, fix)
    assert post.petition is None


def test_current_petition_is_the_newest_open_one():
    def petition(day: int, closed: bool):
        return SimpleNamespace(date=datetime(2021, 1, day, tzinfo=LONDON),
                               petition=SimpleNamespace(is_closed=closed))
    old, newer, newest_closed = petition(1, False), petition(5, False), petition(9, True)
    plain = SimpleNamespace(date=datetime(2021, 1, 20, tzinfo=LONDON))
    assert current_petition([old, plain, newest_closed, newer]) is newer
    assert current_petition([newest_closed, plain]) is None


# --- calendars from enriched posts ---------------------------------------------------------

def test_calendar_files_for_events_and_deadlines():
    event, _ = enrich(parse_event, EVENT)
    motion, _ = enrich(parse_motion, MOTION)
    motion.slug = "ihra"
    files = calendar_files([event, motion], settings(), "LIEN", "https://labourinexile.org")
    assert sorted(files) == ["calendar.ics", "events/picket.ics", "motion-deadlines.ics"]
    assert b"UID:picket@labourinexile.org" in files["events/picket.ics"]
    assert b"URL:https://labourinexile.org/2021/07/picket/" in files["calendar.ics"]
    assert b"UID:deadline-ihra@labourinexile.org" in files["motion-deadlines.ics"]
    assert b"DTSTART;VALUE=DATE:20210913" in files["motion-deadlines.ics"]
    assert b"UID:picket" not in files["motion-deadlines.ics"]
