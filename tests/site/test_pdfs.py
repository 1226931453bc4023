"""Print-ready PDFs made by the real build: text, page size, metadata, links, cache, bad input."""
import io
import os
import re

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, ROOTS, copy_root, run_build, settings_with
from tests.roots import rootconf

LEAFLET = "2021/02/who-we-are-the-forums-leaflet/"
LEAFLET_A5 = "2021/06/damp-and-mould-a-leaflet-for-the-stairwell/"
MOTION = "2021/08/model-motion-freeze-rents-while-repairs-are-outstanding/"
LEAFLET_SOURCE = "posts/leaflets/2021-02-01-who-we-are-leaflet.md"
#: The kinds root's printable posts: three motions and two published leaflets (not the draft).
PRINTABLE = 5
A4, A5 = (595, 842), (420, 595)


def _pdf(site, page):
    slug = page.rstrip("/").rsplit("/", 1)[-1]
    return PdfReader(io.BytesIO(site.path(f"{page}{slug}.pdf").read_bytes()))


def _text(reader):
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.parametrize("page, title, paragraph, size", [
    (LEAFLET, "Who we are: the forum's leaflet", "Know your rights as a tenant", A4),
    (LEAFLET_A5, "Damp and mould: a leaflet for the stairwell", "Damp is a repair, not a way of life.", A5),
    (MOTION, "Model motion: freeze rents while repairs are outstanding", "This association notes", A4),
])
def test_pdf_text_size_and_metadata(kinds, page, title, paragraph, size):
    reader = _pdf(kinds, page)
    text = _text(reader)
    assert title in text
    assert paragraph in text
    assert "forum.example.org/" + page.rstrip("/") in text.replace(" ", "")  # SITE_PUBLIC_URL
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    assert 1 <= len(reader.pages) <= 3
    assert title in reader.metadata.title
    assert reader.metadata.author == rootconf.SITENAME
    assert reader.trailer["/Root"]["/Lang"].lower() == "en-gb"  # BCP 47 tags ignore case
    assert "/StructTreeRoot" in reader.trailer["/Root"], "PDF is not tagged"


def test_motion_pdf_has_type_deadline_and_where_to_send(kinds):
    text = _text(_pdf(kinds, MOTION))
    for words in ("Contemporary motion", "13 September 2021", "Submit to", "sends it on to the ward forum"):
        assert words in text


def test_motion_plain_text_keeps_numbered_paragraphs(kinds):
    slug = MOTION.rstrip("/").rsplit("/", 1)[-1]
    text = kinds.path(f"{MOTION}{slug}.txt").read_text()
    assert text.splitlines()[0].startswith("Model motion: freeze rents")
    assert re.search(r"^1\. ", text, re.M) and "13 September 2021" in text


@pytest.mark.parametrize("page", [LEAFLET, MOTION])
def test_post_page_links_its_pdf_with_size_and_type(kinds, page):
    links = kinds.soup(page).select(".downloads a")
    pdf = next(a for a in links if a["href"].endswith(".pdf"))
    assert re.search(r"\(PDF, \d+ KB\)", pdf.get_text())
    assert kinds.path(pdf["href"]).exists()


@pytest.mark.parametrize("section, page", [("leaflets", LEAFLET), ("model-motions", MOTION)])
def test_section_pages_link_each_pdf(kinds, section, page):
    hrefs = [a["href"] for a in kinds.soup(f"section/{section}/").select(".post-card__downloads a")]
    assert any(h.startswith("/" + page) and h.endswith(".pdf") for h in hrefs)


def test_every_printable_post_has_one_pdf_and_the_draft_none(kinds):
    assert len(list(kinds.root.rglob("*.pdf"))) == PRINTABLE
    assert not list(kinds.root.rglob("*unfinished-leaflet*"))


def test_unchanged_rebuild_renders_no_pdf_and_one_edit_renders_one(tmp_path):
    content = copy_root("kinds", tmp_path)
    conf = settings_with(tmp_path, base="rootconf")
    env = {"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")}
    first = run_build(content, tmp_path / "out1", settings=conf, env=env)
    assert first.returncode == 0, first.stderr
    assert f"PDFs: {PRINTABLE} rendered, 0 reused" in first.stdout + first.stderr
    second = run_build(content, tmp_path / "out2", settings=conf, env=env)
    assert f"PDFs: 0 rendered, {PRINTABLE} reused" in second.stdout + second.stderr
    leaflet = content / LEAFLET_SOURCE
    leaflet.write_text(leaflet.read_text() + "\nOne more sentence.\n")
    third = run_build(content, tmp_path / "out3", settings=conf, env=env)
    assert f"PDFs: 1 rendered, {PRINTABLE - 1} reused" in third.stdout + third.stderr


# A leaflet whose picture is missing: tests/site/test_bad_input.py (the mistakes root).


def test_missing_pango_stops_with_the_install_command(tmp_path):
    fake = str(ROOT / "tests" / "fakes" / "no_pango")
    env = {"PYTHONPATH": os.pathsep.join([fake, str(ROOT / "plugins")]), "CAMPAIGN_CACHE_PATH": str(tmp_path / "c")}
    result = run_build(ROOTS / "kinds", tmp_path / "out", settings=settings_with(tmp_path, base="rootconf"), env=env)
    assert result.returncode != 0
    assert "apt-get install -y libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr
