"""Valid HTML: every page passes the Nu HTML Checker; feeds and the sitemap are well-formed XML;
calendars parse. Site-wide on whatever content/ holds, and on the kinds root (every template).

The checker is npm's vnu-jar (pinned in package.json; `make test` runs `npm ci`) on Java. All
pages of both builds go through one Java run, with one page we broke on purpose to show the
checker reports.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest

from tests import tools
from tests.tools import run_vnu, vnu_command

BROKEN_PAGE = """<!doctype html>
<html lang="en"><head><title>Broken on purpose</title></head>
<body><p>An unclosed <span>span</p><ul><p>a paragraph in a list</p></ul><img src="x.png"></body></html>
"""


def _file(message: dict) -> Path:
    return Path(unquote(urlsplit(message["url"]).path))


@pytest.fixture(scope="session")
def vnu_messages(site, kinds, tmp_path_factory) -> dict:
    """The checker's errors: {"control": [for BROKEN_PAGE], "pages": {page file: [for that page]}}."""
    try:
        vnu_command()
    except FileNotFoundError as err:
        pytest.fail(str(err))
    control = tmp_path_factory.mktemp("vnu") / "broken.html"
    control.write_text(BROKEN_PAGE, encoding="utf-8")
    by_file: dict[Path, list[dict]] = {}
    for message in run_vnu([site.root, kinds.root, control]):
        by_file.setdefault(_file(message), []).append(message)
    return {"control": by_file.pop(control.resolve(), []), "pages": by_file}


def test_a_missing_checker_names_the_install_command(monkeypatch, tmp_path):
    monkeypatch.setattr(tools, "VNU_JAR", tmp_path / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar")
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    with pytest.raises(FileNotFoundError, match=r"run `npm ci --no-audit --no-fund --ignore-scripts` in "):
        tools.vnu_command()


def test_the_checker_reports_errors_in_a_broken_page(vnu_messages):
    texts = " | ".join(m["message"] for m in vnu_messages["control"])
    assert "span" in texts and "“p”" in texts and "alt" in texts, texts


@pytest.mark.parametrize("build", ["site", "kinds"])
def test_every_page_is_valid_html(request, vnu_messages, build):
    root = request.getfixturevalue(build).root.resolve()
    problems = [f"{path.relative_to(root)}:{m.get('lastLine', '?')}: {m['message']}"
                f"{'  [' + m['extract'].strip() + ']' if m.get('extract') else ''}"
                for path, messages in sorted(vnu_messages["pages"].items()) if path.is_relative_to(root)
                for m in messages]
    assert not problems, f"{len(problems)} HTML error(s):\n" + "\n".join(problems)


def xml_problem(path: Path) -> str | None:
    try:
        ET.parse(path)
    except ET.ParseError as err:
        return f"not well-formed XML: {err}"
    return None


def ics_problem(path: Path, events: bool = True) -> str | None:
    """What is wrong with a calendar file; `events`: it must hold at least one event."""
    try:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
    except ValueError as err:
        return f"not an iCalendar file: {err}"
    return None if calendar.walk("VEVENT") or not events else "no VEVENT in the calendar"


@pytest.mark.parametrize("build", ["site", "kinds"])
def test_feeds_and_sitemap_are_well_formed_xml(request, build):
    root = request.getfixturevalue(build).root
    files = sorted(root.rglob("*.xml"))
    assert {"all.atom.xml", "sitemap.xml"} <= {f.name for f in files}
    problems = [f"{f.relative_to(root)}: {p}" for f in files if (p := xml_problem(f))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("build", ["site", "kinds"])
def test_calendars_parse(request, build):
    root = request.getfixturevalue(build).root
    # content/ may have no event or motion: its calendars must parse; the kinds root's hold events.
    problems = [f"{f.relative_to(root)}: {p}" for f in sorted(root.rglob("*.ics"))
                if (p := ics_problem(f, events=build == "kinds"))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("check", "name", "text"), [
    (xml_problem, "bad.atom.xml", '<feed xmlns="http://www.w3.org/2005/Atom"><title>A & B</title></feed>'),
    (xml_problem, "cut.xml", "<urlset><url><loc>/</loc></url>"),
    (ics_problem, "bad.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nnot a content line\r\n"),
    (ics_problem, "empty.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nEND:VCALENDAR\r\n"),
])
def test_feed_and_calendar_checks_catch_broken_files(tmp_path, check, name, text):
    bad = tmp_path / name
    bad.write_text(text, encoding="utf-8")
    assert check(bad)
