"""Print-ready PDFs made by the real build: text, page size, metadata, links, cache, bad input."""
import io
import os
import re

import pytest
from pypdf import PdfReader

from tests.conftest import ROOT, run_build

LEAFLET = "2021/02/lien-general-leaflet/"
LEAFLET_A5 = "2021/06/stop-the-witch-hunt-a-leaflet-for-branch-meetings/"
MOTION = "2021/08/model-motion-for-conference-drop-the-ihra-definition-adopt-the-jerusalem-declaration/"
A4, A5 = (595, 842), (420, 595)


def _pdf(site, page):
    slug = page.rstrip("/").rsplit("/", 1)[-1]
    return PdfReader(io.BytesIO(site.path(f"{page}{slug}.pdf").read_bytes()))


def _text(reader):
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.parametrize("page, title, paragraph, size", [
    (LEAFLET, "LIEN general leaflet", "Democratise the Labour Party", A4),
    (LEAFLET_A5, "Stop the witch-hunt", "", A5),
    (MOTION, "Model motion for conference: drop the IHRA definition", "Conference notes", A4),
])
def test_pdf_text_size_and_metadata(site, page, title, paragraph, size):
    reader = _pdf(site, page)
    text = _text(reader)
    assert title in text
    assert paragraph in text
    assert "labourinexile.org/" + page.rstrip("/") in text.replace(" ", "")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    assert 1 <= len(reader.pages) <= 3
    assert title in reader.metadata.title
    assert reader.metadata.author == "Labour in Exile Network"
    assert reader.trailer["/Root"]["/Lang"].lower() == "en-gb"  # BCP 47 tags ignore case
    assert "/StructTreeRoot" in reader.trailer["/Root"], "PDF is not tagged"


def test_motion_pdf_has_type_deadline_and_where_to_send(site):
    text = _text(_pdf(site, MOTION))
    for words in ("Contemporary motion", "13 September 2021", "Submit to"):
        assert words in text


def test_motion_plain_text_keeps_numbered_paragraphs(site):
    slug = MOTION.rstrip("/").rsplit("/", 1)[-1]
    text = site.path(f"{MOTION}{slug}.txt").read_text()
    assert text.splitlines()[0].startswith("Model motion for conference")
    assert re.search(r"^1\. ", text, re.M) and "13 September 2021" in text


@pytest.mark.parametrize("page", [LEAFLET, MOTION])
def test_post_page_links_its_pdf_with_size_and_type(site, page):
    links = site.soup(page).select(".downloads a")
    pdf = [a for a in links if a["href"].endswith(".pdf")][0]
    assert re.search(r"\(PDF, \d+ KB\)", pdf.get_text())
    assert site.path(pdf["href"]).exists()


@pytest.mark.parametrize("section, page", [("leaflets", LEAFLET), ("model-motions", MOTION)])
def test_section_pages_link_each_pdf(site, section, page):
    hrefs = [a["href"] for a in site.soup(f"section/{section}/").select(".post-card__downloads a")]
    assert any(h.startswith("/" + page) and h.endswith(".pdf") for h in hrefs)


def test_unchanged_rebuild_renders_no_pdf_and_one_edit_renders_one(content_copy, tmp_path):
    env = {"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")}
    first = run_build(content_copy, tmp_path / "out1", env=env)
    assert first.returncode == 0, first.stderr
    assert "PDFs: 4 rendered, 0 reused" in first.stdout + first.stderr
    second = run_build(content_copy, tmp_path / "out2", env=env)
    assert "PDFs: 0 rendered, 4 reused" in second.stdout + second.stderr
    leaflet = content_copy / "posts" / "leaflets" / "2021-02-01-lien-general-leaflet.md"
    leaflet.write_text(leaflet.read_text() + "\nOne more sentence.\n")
    third = run_build(content_copy, tmp_path / "out3", env=env)
    assert "PDFs: 1 rendered, 3 reused" in third.stdout + third.stderr


def test_draft_leaflet_gets_no_pdf(content_copy, tmp_path):
    leaflet = content_copy / "posts" / "leaflets" / "2021-02-01-lien-general-leaflet.md"
    leaflet.write_text("Status: draft\n" + leaflet.read_text())
    result = run_build(content_copy, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "out").rglob("lien-general-leaflet*"))


def test_leaflet_with_missing_image_names_the_file(content_copy, tmp_path):
    leaflet = content_copy / "posts" / "leaflets" / "2021-02-01-lien-general-leaflet.md"
    leaflet.write_text(leaflet.read_text() + "\n![Our banner](/images/no-such-banner.jpg)\n")
    result = run_build(content_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "2021-02-01-lien-general-leaflet.md" in result.stderr
    assert "no-such-banner.jpg" in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_pango_stops_with_the_install_command(content_copy, tmp_path):
    fake = str(ROOT / "tests" / "fakes" / "no_pango")
    env = {"PYTHONPATH": os.pathsep.join([fake, str(ROOT / "plugins")]), "CAMPAIGN_CACHE_PATH": str(tmp_path / "c")}
    result = run_build(content_copy, tmp_path / "out", env=env)
    assert result.returncode != 0
    assert "apt-get install -y libpango-1.0-0" in result.stderr
    assert "Traceback" not in result.stderr
