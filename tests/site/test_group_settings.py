"""Issue 16: a group makes the site its own by editing the settings alone (tests/roots/tenants):
sections' listings, the motion-like kind's words, calendars, home blocks, colours and address."""
from __future__ import annotations

import re
import subprocess

import pytest
from icalendar import Calendar

from tests.conftest import ROOT, BuiltSite, run_build
from tests.tools import check_links

TENANTS = ROOT / "tests/roots/tenants"
LETTER = "2026/11/letter-to-the-council-about-repairs/"
TRACE = re.compile(r"lien|labour|exile|\bclp\b|b3001b|model motion|branch", re.IGNORECASE)


@pytest.fixture(scope="module")
def tenants(tmp_path_factory) -> BuiltSite:
    out = tmp_path_factory.mktemp("tenants") / "output"
    result = run_build(TENANTS / "content", out, settings=str(TENANTS / "settings.py"))
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(out)


def _text(site: BuiltSite, rel: str, selector: str) -> str:
    node = site.soup(rel).select_one(selector)
    return node.get_text(" ", strip=True) if node else ""


PAGES = [  # (page, selector, expected text)
    ("section/meetings/", ".post-group__title", "Upcoming"),
    ("section/meetings/", ".section-header__calendar .visually-hidden", "of union meetings"),
    ("section/letters/", ".post-group__title", "Open for submission"),
    ("section/letters/", ".section-header__calendar .visually-hidden", "of letter deadlines"),
    ("section/news/", ".section-header__calendar", ""),
    (LETTER, ".post__kind", "Model letter"),
    (LETTER, ".motion-box .kind-box__title", "About this letter"),
    (LETTER, ".motion-box dl", ("Letter Letter to council Send from your tenants' association Deadline 1 December 2026"
                               " — closes in 10 days Send to The housing officer")),
    ("index.html", ".cta", "Join the union. Join"),
    ("index.html", ".home-events h2", "Next meetings"),
    ("index.html", "#involved-title", "Help out"),
]


@pytest.mark.parametrize("page, selector, expected", PAGES)
def test_pages_use_the_groups_words(tenants, page, selector, expected):
    assert _text(tenants, page, selector).startswith(expected) if expected else not _text(tenants, page, selector)


def test_meetings_lists_upcoming_then_past(tenants):
    groups = [h.get_text() for h in tenants.soup("section/meetings/").select(".post-group__title")]
    assert groups == ["Upcoming", "Past"]


def test_home_links_resolve_to_the_groups_pages(tenants):
    home = tenants.soup("index.html")
    assert home.select_one(".cta a")["href"] == "/get-involved/"
    assert home.select_one(".home-events p a")["href"] == "/section/meetings/"
    assert [a["href"] for a in home.select(".home-involved__list a")] == [
        "/section/letters/", "/get-involved/", "mailto:hello@riverside-tenants.example"]
    assert not check_links(tenants.root).broken


def test_calendars_pdf_and_text_use_the_groups_words_and_address(tenants):
    deadlines = Calendar.from_ical((tenants.root / "motion-deadlines.ics").read_bytes())
    assert str(deadlines["X-WR-CALNAME"]) == "Riverside Tenants: letter deadlines"
    assert str(deadlines["PRODID"]) == "-//Riverside Tenants//riverside-tenants.example//EN"
    [entry] = deadlines.walk("VEVENT")
    assert str(entry["UID"]) == "deadline-letter-to-the-council-about-repairs@riverside-tenants.example"
    pdf = next((tenants.root / LETTER).glob("*.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Letter to council" in text and "Send to" in text and "riverside-tenants.example" in text
    plain = next((tenants.root / LETTER).glob("*.txt")).read_text(encoding="utf-8")
    assert "Send to: The housing officer" in plain


def test_no_trace_of_the_first_group(tenants):
    found = []
    for path in tenants.root.rglob("*"):
        if path.suffix in (".html", ".xml", ".ics", ".txt", ".css", ".svg", "") and path.is_file():
            match = TRACE.search(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                found.append(f"{path.relative_to(tenants.root)}: {match.group(0)}")
    assert not found, found


def test_accent_is_the_groups_and_checked(tenants):
    css = (tenants.root / "theme/css/site.css").read_text(encoding="utf-8")
    assert "--accent: #5b2a86;" in css and "b3001b" not in css


def test_a_failing_accent_stops_the_build_with_the_fix(tmp_path):
    settings = tmp_path / "bad_accent.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(TENANTS)!r})\nfrom settings import *\n"
                        'SITE_ACCENT = "#4caf50"\n', encoding="utf-8")
    result = run_build(TENANTS / "content", tmp_path / "out", settings=str(settings))
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "SITE_ACCENT: fails WCAG AA contrast for text (#4caf50 against paper is 2.78:1" in said, said
    assert "choose a darker colour (for example #" in said
    assert not (tmp_path / "out").exists()


def test_published_without_site_url_stops(tmp_path):
    result = run_build(TENANTS / "content", tmp_path / "out", settings=str(TENANTS / "publish-no-url.py"))
    assert result.returncode != 0
    assert "SITE_URL is not set for a published build" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_logo_shows_in_the_header_cards_and_favicon(tenants):
    from PIL import Image

    logo = tenants.soup("index.html").select_one(".site-header__logo")
    assert logo["src"] == "/images/logo.png" and logo["height"] == "40" and logo["width"] == "100"
    assert not tenants.soup("index.html").select(".site-header__mark")
    with Image.open(tenants.root / LETTER / "social.png") as card:
        rgb = card.convert("RGB")
        assert rgb.getpixel((86, 130)) == (255, 255, 255)  # the white tile behind the logo
        assert rgb.getpixel((140, 150)) == (0x5b, 0x2a, 0x86)  # the logo's triangle, on the tile
    with Image.open(tenants.root / "favicon.png") as icon:
        assert icon.size == (180, 180) and icon.convert("RGB").getpixel((2, 2)) == (255, 255, 255)


def test_a_logo_that_is_not_a_picture_stops_the_build(tmp_path):
    settings = tmp_path / "no_logo.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(TENANTS)!r})\nfrom settings import *\n"
                        'SITE_LOGO = "images/missing.png"\n', encoding="utf-8")
    result = run_build(TENANTS / "content", tmp_path / "out", settings=str(settings))
    assert result.returncode != 0
    assert "SITE_LOGO: 'images/missing.png' is not a PNG or JPEG picture in content/ — put the logo in" in (
        result.stdout + result.stderr)
