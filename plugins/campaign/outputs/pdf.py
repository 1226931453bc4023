"""Print-ready PDFs of leaflets and motions: data in, PDF bytes out (no Pelican here).

WeasyPrint 70 renders Jinja templates from theme/pdf/ with the fonts in theme/static/fonts/.
Output is tagged PDF/UA-1 (see `render_pdf`) and reproducible: the same input gives the same
bytes. Nothing is fetched from the network; see `local_url_fetcher`.
"""
from __future__ import annotations

import base64
import dataclasses
import importlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from ..content.dates import day_in_words
from ..content.kinds import KINDS as _REGISTRY
from ..errors import CampaignError, MissingSystemLibrary
from .images import SUFFIXES, strip_metadata

#: Bump when this module changes what it renders, so cached PDFs are made again.
PDF_MODULE_VERSION = "2"  # 2: pictures printed from stripped copies, never the originals

#: The theme's PDF templates (theme/pdf/<name>.html), one per printable kind of the registry.
TEMPLATES = tuple(dict.fromkeys(k.printable.template for k in _REGISTRY.values() if k.printable))
PAPERS = ("A4", "A5")
_IMAGE_FIX = "put the file in content/images/ and write ![what it shows](/images/name.jpg)"


def require_weasyprint() -> ModuleType:
    """Import WeasyPrint, or stop with the one command that installs what is missing."""
    try:
        return importlib.import_module("weasyprint")
    except OSError:
        # cffi raises OSError when it cannot dlopen Pango; the traceback helps nobody.
        raise MissingSystemLibrary(
            "PDFs need Pango: run `sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`"
        ) from None
    except ImportError:
        raise MissingSystemLibrary(
            "PDFs need the WeasyPrint package: run `pip install -r requirements.txt`"
        ) from None


@dataclass(frozen=True, kw_only=True)
class PdfDocument:
    """Everything a leaflet or motion PDF shows; `url` is the post's absolute web address."""

    kind: str  # the template: one of TEMPLATES ("leaflet" or "motion")
    title: str
    body_html: str
    date: date
    url: str
    contact: str  # e.g. "hello@example.org · example.org"
    source_path: str
    lang: str = "en-GB"
    author: str = ""
    kicker: str = ""  # the line above a motion's title (CAMPAIGN_KINDS motion pdf_kicker)
    source_line: str = ""  # the plain-text twin's "from" line (CAMPAIGN_KINDS motion text_source)
    body_label: str = "For"  # the printed label of Body (CAMPAIGN_KINDS motion pdf_body_label)
    type_label: str = "Type"  # the printed labels of the other facts (CAMPAIGN_KINDS motion fields)
    deadline_label: str = "Deadline"
    submit_label: str = "Submit to"
    accent: str = "#1d4f91"  # SITE_ACCENT, checked (branding.py)
    paper: str = "A4"  # "A4" or "A5"; motions are always A4
    motion_type: str | None = None
    body: str | None = None
    deadline_text: str | None = None  # e.g. "13 September 2021"
    submit_to: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in TEMPLATES:
            raise CampaignError.at(self.source_path, 1, f"no PDF for kind {self.kind!r}",
                                   f"PDFs are made for: {', '.join(TEMPLATES)}")
        if self.paper not in PAPERS:
            raise CampaignError.at(self.source_path, 1, f"unknown paper size {self.paper!r}",
                                   "write `Paper: A4` or `Paper: A5`")
        if urlsplit(self.url).scheme not in ("http", "https"):
            raise CampaignError.at(
                self.source_path, 1, f"the PDF needs the post's full address, got {self.url!r}",
                'set SITE_URL in pelicanconf.py, e.g. SITE_URL = "https://example.org"')

    def as_json(self) -> str:
        """Every field, as stable JSON: what cache keys of things made from this document hash."""
        return json.dumps({**dataclasses.asdict(self), "date": self.date.isoformat()}, sort_keys=True)


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src.strip())


def _site_file(url: str, page_url: str, site_root: Path) -> Path | None:
    """The local file for `url` if it is on the post's own site (scheme and host), else None."""
    target, page = urlsplit(url), urlsplit(page_url)
    if (target.scheme, target.netloc) != (page.scheme, page.netloc):
        return None
    return (site_root / unquote(target.path).lstrip("/")).resolve()


def resolve_images(doc: PdfDocument, content_dir: Path,
                   image_lines: dict[str, int] | None = None) -> list[Path]:
    """The image files `doc.body_html` uses, found under `content_dir`; a missing one is an error.

    `image_lines` maps an image's src (as in the HTML) to its line in the post, for the message.
    """
    parser = _ImageSources()
    parser.feed(doc.body_html)
    root = content_dir.resolve()
    found = []
    for src in parser.sources:
        line = (image_lines or {}).get(src, 1)
        if src.startswith("data:"):
            continue
        path = _site_file(urljoin(doc.url, src), doc.url, root)
        if path is None or not path.is_relative_to(root):
            raise CampaignError.at(doc.source_path, line,
                                   f"image {src} is not a file of this site", _IMAGE_FIX)
        if not path.is_file():
            shown = path.relative_to(root.parent) if root.parent in path.parents else path
            raise CampaignError.at(doc.source_path, line,
                                   f"image {src} not found (looked for {shown})", _IMAGE_FIX)
        found.append(path)
    return found


class FetchRefused(ValueError):
    """The PDF tried to load something that is not a local file of the project."""


def local_url_fetcher(roots: list[Path], *, page_url: str = "", site_root: Path | None = None):
    """A WeasyPrint URL fetcher that reads data: URLs and files under `roots`, nothing else.

    Addresses on the post's own site (`page_url`'s host) are read from `site_root` instead of
    the network. Anything else raises FetchRefused, which stops the rendering.
    """
    require_weasyprint()
    from weasyprint.urls import (
        URLFetcher,  # here, so importing this module never needs Pango
    )

    allowed = [root.resolve() for root in roots]

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path: Path | None
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
            elif site_root is not None and page_url:
                path = _site_file(url, page_url, site_root.resolve())
            else:
                path = None
            if path is None or not any(path.is_relative_to(root) for root in allowed):
                raise FetchRefused(f"refused to fetch {url}: not a file in the project")
            fmt = SUFFIXES.get(path.suffix.lower())
            if fmt and path.is_file():
                # The PDF prints the picture as the site publishes it, without its
                # metadata (GPS, camera, comments), never the original file.
                data = base64.b64encode(strip_metadata(path.read_bytes(), fmt)).decode("ascii")
                return super().fetch(f"data:image/{fmt.lower()};base64,{data}", headers)
            return super().fetch(path.as_uri(), headers)

    # fail_on_errors turns a refusal into an error that stops rendering, not a logged warning.
    return LocalOnlyFetcher(fail_on_errors=True)


def qr_data_uri(url: str) -> str:
    """A QR code for `url` as an SVG data: URI; CSS sizes it and leaves white space around it."""
    import segno

    return segno.make(url, error="m", micro=False).svg_data_uri(border=0, dark="#000", light=None)


def render_html(doc: PdfDocument, *, theme_dir: Path) -> str:
    """The HTML WeasyPrint lays out: theme/pdf/<kind>.html filled in with `doc`."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    pdf_dir = theme_dir / "pdf"
    env = Environment(loader=FileSystemLoader(pdf_dir), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    return env.get_template(f"{doc.kind}.html").render(
        doc=doc,
        css_base=pdf_dir.resolve().as_uri() + "/",
        iso_date=doc.date.isoformat(),
        date_text=day_in_words(doc.date),
        url_text=doc.url.split("://", 1)[1].rstrip("/"),
        qr=qr_data_uri(doc.url),
    )


@contextmanager
def _font_timestamps(day: date) -> Iterator[None]:
    """Pin the `modified` date fontTools writes into fonts it re-saves (WOFF, subsetting).

    fontTools stamps them with the current time unless SOURCE_DATE_EPOCH is set, which would make
    two renders differ. The build renders in one thread, so setting the variable briefly is safe.
    """
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    midnight = datetime.combine(day, time(), UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


def render_pdf(doc: PdfDocument, *, theme_dir: Path, content_dir: Path | None = None,
               image_lines: dict[str, int] | None = None) -> bytes:
    """Render `doc` to PDF bytes: tagged PDF/UA-1, fonts embedded, byte-for-byte reproducible.

    WeasyPrint 70 writes `pdf_variant="pdf/ua-1"`: PDF 1.7 with a structure tree (headings,
    paragraphs, lists with labels, figures with alt text), /Lang, DisplayDocTitle, MarkInfo and
    pdfuaid:part=1 in the XMP metadata. It does not validate conformance; page-number margin
    boxes are left out of the structure tree. A WeasyPrint without that variant gets plain
    `pdf_tags=True`. Images resolve against `content_dir` (default: theme_dir/../content), the
    folder whose files the site serves at its root.
    """
    weasyprint = require_weasyprint()
    from weasyprint.pdf import VARIANTS
    from weasyprint.urls import FatalURLFetchingError

    content_dir = content_dir or theme_dir.parent / "content"
    resolve_images(doc, content_dir, image_lines)
    fetcher = local_url_fetcher([theme_dir, content_dir], page_url=doc.url, site_root=content_dir)
    html = weasyprint.HTML(string=render_html(doc, theme_dir=theme_dir), base_url=doc.url,
                           url_fetcher=fetcher)
    try:
        with _font_timestamps(doc.date):
            # pdf_identifier=True makes the trailer /ID a hash of the content, not random.
            tagging = {"pdf_variant": "pdf/ua-1"} if "pdf/ua-1" in VARIANTS else {"pdf_tags": True}
            return html.write_pdf(pdf_identifier=True, **tagging)
    except FatalURLFetchingError as error:
        raise CampaignError.at(doc.source_path, 1, str(error.__cause__ or error),
                               "use images from content/images/ and fonts from theme/static/fonts/"
                               ) from None


# The names WeasyPrint itself tries when it loads Pango (weasyprint/text/ffi.py).
_PANGO_NAMES = ("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.dylib", "libpango-1.0-0.dll")


def pango_version() -> int:
    """The system Pango's version number, e.g. 15600 for 1.56.0, read without WeasyPrint.

    Importing WeasyPrint takes about a second, and a rebuild whose
    PDFs all come from the cache only needs this number for their cache keys.
    """
    import ctypes

    for name in _PANGO_NAMES:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        library.pango_version.restype = ctypes.c_int
        return library.pango_version()
    raise MissingSystemLibrary(
        "PDFs need Pango: run `sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0`")


def renderer_versions() -> dict[str, str]:
    """Versions of everything below this module that changes the PDF bytes (for cache keys)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        packages = {name: version(name) for name in ("weasyprint", "pydyf", "fonttools", "segno")}
    except PackageNotFoundError:
        require_weasyprint()  # says which package to install
        raise
    return {"module": PDF_MODULE_VERSION, **packages, "pango": str(pango_version())}

