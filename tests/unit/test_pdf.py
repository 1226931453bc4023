"""Leaflet and model-motion PDFs: what a reader sees, the file's metadata, the cache, the errors.

These render real PDFs with WeasyPrint (about 0.2 s each once fonts are loaded), so the
documents are rendered once per module and shared.
"""
from __future__ import annotations

import dataclasses
import io
import shutil
import time
from datetime import date
from pathlib import Path

import markdown
import pypdf
import pytest
from PIL import Image

from campaign.cache.derived import Derived
from campaign.errors import CampaignError, MissingSystemLibrary
from campaign.outputs import pdf
from campaign.outputs.pdf import PdfDocument, local_url_fetcher, render_pdf
from campaign.outputs.pdf_cache import PdfCache, cache_key
from campaign.outputs.pdf_text import motion_text

THEME = Path(__file__).resolve().parents[2] / "theme"
CONTACT = "info@labourinexile.org · labourinexile.org"

LEAFLET_MD = """\
Labour belongs to its members. Thousands of us have been suspended or expelled without
being told who accused us or how to answer.

![Placards outside Labour HQ](/images/placard.png)

## Democratise the party

Members should decide policy and choose their own candidates.

## Defend free speech

A party that cannot bear argument cannot win one.

## Stop the witch-hunt

We want a fair, independent disciplinary process with published rules.
"""

MOTION_MD = """\
## 1. Conference notes

1. That thousands of members have been suspended or expelled since 2020.
2. That members under investigation are refused sight of the evidence against them.

## 2. Conference believes

1. That natural justice requires every member to know the charge and be heard.
2. That rules must not be applied retrospectively.

## 3. Conference resolves

1. To instruct the NEC to publish the disciplinary procedure and quarterly case numbers.
2. To establish an independent review of every expulsion since 2021.

## 4. Background

""" + "\n\n".join(
    f"Case {n}: a member of thirty years was expelled for a social media post written before "
    "the rule existed, after waiting fourteen months for a hearing that never came. "
    "Their branch was not told, and their appeal was refused without reasons."
    for n in range(1, 16))


def _html(text: str) -> str:
    return markdown.markdown(text, extensions=["extra"])


@pytest.fixture(scope="module")
def content_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("content")
    (root / "images").mkdir()
    Image.new("RGB", (40, 20), "#b3001b").save(root / "images" / "placard.png")
    return root


@pytest.fixture(scope="module")
def docs() -> dict[str, PdfDocument]:
    leaflet = PdfDocument(
        kind="leaflet", title="Fight for a democratic Labour Party", body_html=_html(LEAFLET_MD),
        date=date(2021, 7, 20), url="https://labourinexile.org/leaflets/fight-back/",
        contact=CONTACT, source_path="content/posts/leaflets/2021-07-20-fight-back.md",
        author="Labour in Exile Network")
    motion = PdfDocument(
        kind="motion", title="Fair play for suspended members", body_html=_html(MOTION_MD),
        date=date(2021, 8, 2), url="https://labourinexile.org/model-motions/fair-play/",
        contact=CONTACT, motion_type="contemporary motion", body="Branch, CLP",
        deadline_text="13 September 2021", submit_to="Your CLP secretary",
        source_path="content/posts/model-motions/2021-08-02-fair-play.md", author="Labour in Exile Network",
        kicker="Model motion · Labour in Exile Network", source_line="Model motion from Labour in Exile Network:")
    return {"leaflet-a4": leaflet, "leaflet-a5": dataclasses.replace(leaflet, paper="A5"),
            "motion": motion}


@pytest.fixture(scope="module")
def rendered(docs, content_dir) -> dict[str, bytes]:
    return {name: render_pdf(doc, theme_dir=THEME, content_dir=content_dir)
            for name, doc in docs.items()}


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in _reader(data).pages)


@pytest.mark.parametrize("name", ["leaflet-a4", "leaflet-a5", "motion"])
def test_reader_sees_title_text_and_web_address(rendered, docs, name):
    text = _text(rendered[name])
    assert docs[name].title in text
    assert "A party that cannot bear argument" in text or "natural justice requires" in text
    assert docs[name].url.removeprefix("https://").rstrip("/") in text
    assert CONTACT in text


def test_web_address_is_a_link_on_every_page(rendered, docs):
    for page in _reader(rendered["leaflet-a5"]).pages:
        targets = [a.get_object()["/A"].get("/URI") for a in page.get("/Annots", [])]
        assert docs["leaflet-a5"].url in targets


def test_leaflet_embeds_the_image_from_content(rendered):
    page = _reader(rendered["leaflet-a4"]).pages[0]
    assert [image.image.size for image in page.images] == [(40, 20)]


@pytest.mark.parametrize("name, size", [
    ("leaflet-a4", (595, 842)), ("leaflet-a5", (420, 595)), ("motion", (595, 842))])
def test_page_size(rendered, name, size):
    for page in _reader(rendered[name]).pages:
        box = page.mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(size, abs=1)


def test_motion_shows_facts_numbers_and_page_count(rendered):
    pages = [" ".join(p.extract_text().split()) for p in _reader(rendered["motion"]).pages]
    assert len(pages) == 2
    assert "Page 1 of 2" in pages[0] and "Page 2 of 2" in pages[1]
    for fact in ("Type Contemporary motion", "For Branch, CLP", "Deadline 13 September 2021",
                 "Submit to Your CLP secretary"):
        assert fact in pages[0]
    # The numbers are drawn beside their paragraphs (read by position, as a reader's eye does),
    # restarting in each section.
    laid_out = [" ".join(line.split()) for line in
                _reader(rendered["motion"]).pages[0].extract_text(extraction_mode="layout")
                .splitlines()]
    assert "1. That thousands of members have been suspended or expelled since 2020." in laid_out
    assert "2. That rules must not be applied retrospectively." in laid_out


def test_metadata_title_author_language_dates(rendered, docs):
    reader = _reader(rendered["motion"])
    info = reader.metadata
    assert info["/Title"] == docs["motion"].title
    assert info["/Author"] == "Labour in Exile Network"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20210802"
    catalog = reader.root_object
    assert str(catalog["/Lang"]) == "en-GB"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data()


def test_fonts_are_embedded(rendered):
    for name, data in rendered.items():
        fonts = {}
        for page in _reader(data).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                for descendant in font.get("/DescendantFonts", [font]):
                    descriptor = descendant.get_object()["/FontDescriptor"]
                    fonts[str(font["/BaseFont"])] = descriptor.keys() & {
                        "/FontFile", "/FontFile2", "/FontFile3"}
        assert fonts, name
        assert all("Atkinson-Hyperlegible" in font for font in fonts), fonts
        assert all(fonts.values()), f"{name}: not embedded: {fonts}"


def test_same_input_gives_identical_bytes(rendered, docs, content_dir, monkeypatch):
    # A day later by the clock: fontTools would stamp re-saved fonts with it if not pinned.
    later = time.time() + 86400
    monkeypatch.setattr(time, "time", lambda: later)
    again = render_pdf(docs["motion"], theme_dir=THEME, content_dir=content_dir)
    assert again == rendered["motion"]


def test_cache_reuses_then_renders_again_when_the_text_changes(docs, content_dir, tmp_path):
    cache = PdfCache(Derived(tmp_path / "pdf-cache"))
    doc = dataclasses.replace(docs["motion"], body_html=_html("1. One short paragraph."))
    first, made = cache.get_or_render(doc, THEME, content_dir=content_dir)
    assert made and (cache.rendered, cache.reused) == (1, 0)

    reader = PdfCache(Derived(tmp_path / "pdf-cache"))  # a later build: new instance, same folder
    second, made = reader.get_or_render(doc, THEME, content_dir=content_dir)
    assert (made, second) == (False, first)
    assert (reader.rendered, reader.reused) == (0, 1)

    changed = dataclasses.replace(doc, body_html=_html("1. Another short paragraph."))
    third, made = reader.get_or_render(changed, THEME, content_dir=content_dir)
    assert made and (reader.rendered, reader.reused) == (1, 1)
    assert "Another short paragraph" in _text(third)
    assert not list((tmp_path / "pdf-cache").glob("*.tmp"))


def _theme_copy(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(THEME / "pdf", theme / "pdf")
    shutil.copytree(THEME / "static" / "fonts", theme / "static" / "fonts")
    return theme


def test_cache_key_follows_templates_fonts_and_images(docs, content_dir, tmp_path):
    theme = _theme_copy(tmp_path)
    doc = docs["leaflet-a4"]
    before = cache_key(doc, theme, content_dir)
    assert cache_key(doc, theme, content_dir) == before
    for path in (theme / "pdf" / "leaflet.css", theme / "static" / "fonts" / "OFL.txt"):
        path.write_bytes(path.read_bytes() + b"\n")
        assert cache_key(doc, theme, content_dir) != before
        before = cache_key(doc, theme, content_dir)
    images = tmp_path / "content"
    shutil.copytree(content_dir, images)
    before = cache_key(doc, theme, images)
    Image.new("RGB", (40, 20), "#000").save(images / "images" / "placard.png")
    assert cache_key(doc, theme, images) != before


def test_missing_image_names_the_post_line_and_path(docs, content_dir):
    doc = dataclasses.replace(docs["leaflet-a4"],
                              body_html=_html("![A picket](/images/picket.jpg)"))
    with pytest.raises(CampaignError) as error:
        render_pdf(doc, theme_dir=THEME, content_dir=content_dir,
                   image_lines={"/images/picket.jpg": 12})
    message = str(error.value)
    assert message.startswith("content/posts/leaflets/2021-07-20-fight-back.md:12: ")
    assert "/images/picket.jpg not found" in message
    assert "content/images/" in message


def test_image_from_another_site_is_refused(docs, content_dir):
    doc = dataclasses.replace(docs["leaflet-a4"],
                              body_html='<p><img src="https://example.org/x.png" alt="x"></p>')
    with pytest.raises(CampaignError, match=r"fight-back\.md:1: image https://example\.org/x\.png"
                                            r" is not a file of this site"):
        render_pdf(doc, theme_dir=THEME, content_dir=content_dir)


def test_url_fetcher_reads_only_project_files(content_dir):
    fetcher = local_url_fetcher([THEME, content_dir], page_url="https://labourinexile.org/a/",
                                site_root=content_dir)
    for url in ("https://example.org/font.woff2", "http://labourinexile.org.evil.com/x.png",
                "ftp://example.org/x", "file:///etc/hostname"):
        with pytest.raises(pdf.FetchRefused):
            fetcher.fetch(url)
    font = (THEME / "static" / "fonts" / "atkinson-hyperlegible-latin-400-normal.woff2").as_uri()
    assert fetcher.fetch(font).read(4) == b"wOF2"
    # The post's own site is read from the content folder, never over the network.
    assert fetcher.fetch("https://labourinexile.org/images/placard.png").read(4) == b"\x89PNG"


def test_theme_asking_for_a_web_font_stops_the_render(docs, content_dir, tmp_path):
    theme = _theme_copy(tmp_path)
    css = theme / "pdf" / "common.css"
    css.write_text(css.read_text() + '\nbody { background: url("https://example.org/bg.png"); }\n')
    with pytest.raises(CampaignError, match=r"refused to fetch https://example\.org/bg\.png"):
        render_pdf(docs["motion"], theme_dir=theme, content_dir=content_dir)


@pytest.mark.parametrize("field, value, expected", [
    ("paper", "A3", "unknown paper size 'A3' — write `Paper: A4` or `Paper: A5`"),
    ("kind", "petition", "no PDF for kind 'petition'"),
    ("url", "/leaflets/fight-back/", "needs the post's full address"),
])
def test_bad_document_fields_are_named(docs, field, value, expected):
    with pytest.raises(CampaignError, match=expected):
        dataclasses.replace(docs["leaflet-a4"], **{field: value})


@pytest.mark.parametrize("failure, command", [
    (OSError("cannot load library 'libpango-1.0-0'"),
     "run `sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`"),
    (ModuleNotFoundError("No module named 'weasyprint'"), "run `pip install -r requirements.txt`"),
])
def test_missing_weasyprint_or_pango_gives_the_install_command(monkeypatch, failure, command):
    def broken_import(name):
        raise failure

    monkeypatch.setattr(pdf.importlib, "import_module", broken_import)
    with pytest.raises(MissingSystemLibrary) as error:
        pdf.require_weasyprint()
    assert str(error.value).endswith(command) and "\n" not in str(error.value)
    assert error.value.__suppress_context__


def test_motion_text_keeps_numbers_and_wraps_at_72(docs):
    text = motion_text(docs["motion"], MOTION_MD)
    lines = text.splitlines()
    assert lines[:2] == ["Fair play for suspended members", "=" * 31]
    assert "Type: Contemporary motion" in lines
    assert "Deadline: 13 September 2021" in lines
    assert "Submit to: Your CLP secretary" in lines
    assert "1. Conference notes" in lines and "3. Conference resolves" in lines
    assert "2. That members under investigation are refused sight of the evidence" in lines
    assert lines[-1] == docs["motion"].url
    assert max(len(line) for line in lines[:-1]) <= 72


def test_render_many_in_workers_matches_one_by_one(docs, content_dir, rendered, tmp_path):
    cache = PdfCache(Derived(tmp_path / "cache"))
    names = list(docs)
    made = cache.render_many([docs[n] for n in names], THEME, content_dir=content_dir, workers=2)
    assert made == [rendered[n] for n in names]
    assert (cache.rendered, cache.reused) == (3, 0)
    again = PdfCache(Derived(tmp_path / "cache"))
    assert again.render_many([docs[n] for n in names], THEME, content_dir=content_dir, workers=2) == made
    assert (again.rendered, again.reused) == (0, 3)


def test_campaign_error_keeps_its_problems_across_processes():
    import pickle

    from campaign.errors import CampaignError

    err = CampaignError.at("content/posts/x.md", 7, "image missing", "add the file")
    back = pickle.loads(pickle.dumps(err))
    assert back.problems == err.problems and str(back) == "content/posts/x.md:7: image missing — add the file"
