"""`make new` (campaign.tools.scaffold): the right file in the right folder, valid as it stands; no build.

That a scaffold of every kind really builds (and stays out of the published site) is tested
with a real build in tests/site/test_unpublished.py.
"""
import shutil
from datetime import date
from pathlib import Path

import pytest

from campaign.checks import site as checks
from campaign.content.header import parse_header
from campaign.settings import KINDS
from campaign.tools import scaffold
from tests.conftest import ROOT

TODAY = date(2026, 11, 21)
FOLDERS = {"post": "campaigns", "press-release": "press-releases", "motion": "model-motions",
           "leaflet": "leaflets", "testimony": "why-we-are-fighting-back", "event": "events",
           "petition": "campaigns", "report": "campaigns"}
KIND_FIELDS = {
    "event": {"start": "2026-11-28 19:00", "end": "2026-11-28 21:00", "timezone": "Europe/London"},
    "motion": {"motion_type": "contemporary motion", "body": "branch, CLP, conference", "deadline": "2026-12-05"},
    "petition": {"closes": "2026-12-21"},
    "leaflet": {"paper": "A4"},
}


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    (tmp_path / "content/posts").mkdir(parents=True)
    return tmp_path


def test_every_kind_has_a_template_and_a_folder():
    assert sorted(p.stem for p in scaffold.TEMPLATES.glob("*.md")) == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_new_post_is_dated_in_its_folder_and_passes_the_check(project, kind):
    path = scaffold.new_post(kind, "Members' meeting: Leeds & Bradford", project, today=TODAY)
    assert path == project / f"content/posts/{FOLDERS[kind]}/2026-11-21-members-meeting-leeds-bradford.md"
    header = parse_header(path.read_text(encoding="utf-8"))
    assert header.get("title") == "Members' meeting: Leeds & Bradford"
    assert header.get("date") == "2026-11-21"
    assert header.get("kind") == kind
    assert header.get("status") == "draft"
    for key, value in KIND_FIELDS.get(kind, {}).items():
        assert header.get(key) == value
    # The notes must come after the header: a stray line would end the header early.
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[header.body_line - 2] == "" and lines[header.body_line - 3].startswith("Status: ")
    assert "{{" not in path.read_text(encoding="utf-8"), "a template token was left unfilled"
    assert checks.check_site(project) == (1, [])


@pytest.mark.parametrize("kind", KINDS)
def test_without_the_draft_line_the_check_lists_the_placeholders(project, kind):
    path = scaffold.new_post(kind, "Ready too soon", project, today=TODAY)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Status: draft\n", ""), encoding="utf-8")
    _, problems = checks.check_site(project)
    lines = text.replace("Status: draft\n", "").splitlines()
    assert problems and all("text from the template is still here" in p.message for p in problems)
    # Every placeholder line is named, starting with the Summary in the header.
    assert [p.line for p in problems] == [n for n, line in enumerate(lines, 1)
                                         if any(m in line for m in scaffold.PLACEHOLDERS)]
    assert lines[problems[0].line - 1].startswith(("Location:", "Submit_to:", "Sign:", "Tags:"))


@pytest.mark.parametrize("title, slug", [
    ("Members' meeting: Leeds & Bradford", "members-meeting-leeds-bradford"),
    ("  Café für alle — 2026!  ", "cafe-fur-alle-2026"),
    ("Picket   Labour HQ", "picket-labour-hq"),
    ("Non-cooperation, again", "non-cooperation-again"),
])
def test_slug_is_ascii_lower_case_with_hyphens(title, slug):
    assert scaffold.slug_of(title) == slug


def test_a_long_title_gives_a_short_file_name(project):
    title = "A very long title " * 10
    path = scaffold.new_post("post", title, project, today=TODAY)
    assert len(path.name) <= len("2026-11-21-") + 80 + len(".md")
    assert path.stem.endswith("title-a-very") or path.stem.endswith("-title")
    assert parse_header(path.read_text()).get("title") == " ".join(title.split())


def test_braces_in_a_title_are_kept_as_written(project):
    path = scaffold.new_post("post", "The {{today}} question", project, today=TODAY)
    assert parse_header(path.read_text()).get("title") == "The {{today}} question"


def test_never_overwrites(project, capsys):
    path = scaffold.new_post("event", "Winter meeting", project, today=TODAY)
    path.write_text("my work", encoding="utf-8")
    with pytest.raises(scaffold.ScaffoldError, match="already exists — open that file"):
        scaffold.new_post("event", "Winter meeting", project, today=TODAY)
    assert path.read_text() == "my work"


def test_main_refuses_an_existing_file(project, capsys, monkeypatch):
    monkeypatch.setattr(scaffold, "date", type("D", (), {"today": staticmethod(lambda: TODAY)}))
    assert scaffold.main("event", "Winter meeting", project) == 0
    capsys.readouterr()
    assert scaffold.main("event", "Winter meeting", project) == 1
    out = capsys.readouterr().out
    assert out == ("Could not start the post: content/posts/events/2026-11-21-winter-meeting.md already "
                   "exists — open that file to edit it, or choose a different title\n")


@pytest.mark.parametrize("kind, title, message", [
    ("meeting", "Winter", ("unknown kind 'meeting' — use one of: post, press-release, motion, leaflet, "
                          "testimony, event, petition, report")),
    ("event", "   ", "the title is empty"),
    ("event", "!!!", "cannot make a file name from the title '!!!'"),
])
def test_main_explains_a_mistake_and_writes_nothing(project, capsys, kind, title, message):
    assert scaffold.main(kind, title, project) == 1
    assert message in capsys.readouterr().out
    assert not list((project / "content/posts").rglob("*.md"))


def test_main_prints_the_file_and_how_to_preview(project, capsys):
    assert scaffold.main("Event", "Winter meeting", project) == 0
    out = capsys.readouterr().out
    created = next((project / "content/posts/events").glob("*-winter-meeting.md"))
    assert f"Started content/posts/events/{created.name}\n" in out
    assert "run `make devserver`, then open http://127.0.0.1:8000/drafts/winter-meeting/" in out
    assert "delete the `Status: draft` line" in out


def test_event_dates_follow_today(project):
    path = scaffold.new_post("event", "Later", project, today=date(2026, 12, 28))
    header = parse_header(path.read_text())
    assert (header.get("start"), header.get("end")) == ("2027-01-04 19:00", "2027-01-04 21:00")
