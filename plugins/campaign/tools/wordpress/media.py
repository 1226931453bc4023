"""Pictures and files of the old site: found, checked to be what they claim, stripped, relinked.

A file comes from the uploads folder when one is given (`UPLOADS=.../wp-content/uploads`),
else from the old site's address. Its first bytes must match its extension (a `.pdf` that is
an HTML error page is not a PDF); pictures are saved again without metadata (images.py) and
PDFs lose their document information. A file that cannot be had is recorded with the reason.
"""
from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlparse

from ...outputs.images import SUFFIXES as PICTURE_FORMATS
from ...outputs.images import strip_metadata

UPLOADS = "/wp-content/uploads/"
_RESIZED = re.compile(r"^(?P<stem>.+)-\d+x\d+(?P<suffix>\.\w+)$")
# Extension -> the bytes such a file starts with (a tuple: any of them).
_MAGIC = {
    ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",), ".odt": (b"PK\x03\x04",), ".xlsx": (b"PK\x03\x04",), ".pptx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",), ".xls": (b"\xd0\xcf\x11\xe0",),
}
PICTURES = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
TIMEOUT = 10


@dataclass
class Fetched:
    """One file the import wants: where it goes on the new site, or why it cannot be had."""

    old: str
    new: str | None
    dest: Path | None
    data: bytes | None
    reason: str = ""
    note: str = ""


def _what_it_is(data: bytes, suffix: str) -> bool:
    starts = _MAGIC.get(suffix, ())
    if suffix == ".webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return any(data.startswith(s) for s in starts)


def _damaged() -> tuple[type[BaseException], ...]:
    """What Pillow and pypdf raise for a damaged file."""
    from pypdf.errors import PyPdfError

    return (OSError, ValueError, SyntaxError, EOFError, PyPdfError)


def strip_pdf(data: bytes) -> bytes:
    """The PDF's pages, without its document information (author, software, dates) or XMP."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Producer": ""})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def clean(data: bytes, suffix: str) -> tuple[bytes, str]:
    """(bytes without metadata, a note when they could not be stripped)."""
    fmt = PICTURE_FORMATS.get(suffix)
    if fmt:
        return strip_metadata(data, fmt), ""
    if suffix == ".pdf":
        return strip_pdf(data), ""
    return data, "copied as it was (metadata is not stripped from this kind of file)"


@dataclass
class MediaStore:
    """Resolves old file addresses to new ones, fetching each file once."""

    base_url: str
    content: Path
    uploads: Path | None
    fetch: bool  # False in a dry run: the addresses are worked out, nothing is downloaded
    found: dict[str, Fetched] = field(default_factory=dict)

    def relative(self, url: str) -> str | None:
        """'2020/01/x.jpg' for any address of a file under the old site's uploads, else None."""
        full = urljoin(self.base_url + "/", url)
        parsed, base = urlparse(full), urlparse(self.base_url)
        same_site = parsed.netloc.lower().removeprefix("www.") == base.netloc.lower().removeprefix("www.")
        if UPLOADS not in parsed.path or (parsed.netloc and not same_site):
            return None
        rel = unquote(parsed.path.split(UPLOADS, 1)[1])
        parts = PurePosixPath(rel).parts
        if not parts or ".." in parts:
            return None
        return rel

    def target(self, rel: str) -> tuple[str, Path]:
        """(the file's new site address, where it goes under content/)."""
        folder = "images" if PurePosixPath(rel).suffix.lower() in PICTURES else "files"
        return f"/{folder}/wordpress/{rel}", self.content / folder / "wordpress" / rel

    def resolve(self, url: str) -> str | None:
        """The new address of the file at `url`, or None when it cannot be had (reason kept)."""
        if url in self.found:
            return self.found[url].new
        result = self._get(url)
        self.found[url] = result
        return result.new

    def _get(self, url: str) -> Fetched:
        rel = self.relative(url)
        if rel is None:
            return Fetched(url, None, None, None, "it is on another site, not the old site's uploads: "
                                                 "save it yourself if you may use it")
        suffix = PurePosixPath(rel).suffix.lower()
        if suffix not in _MAGIC:
            return Fetched(url, None, None, None, f"files of type {suffix or '(none)'} are not imported: "
                                                 "copy it by hand if it is needed")
        # A resized copy (name-300x200.jpg) is replaced by the original when the original is there.
        resized = _RESIZED.match(rel)
        candidates = [f"{resized['stem']}{resized['suffix']}", rel] if resized else [rel]
        errors = []
        for candidate in candidates:
            new, dest = self.target(candidate)
            if not self.fetch:
                return Fetched(url, new, dest, None)
            data, error = self._read(candidate)
            if data is None:
                errors.append(error)
                continue
            if not _what_it_is(data, suffix):
                errors.append(f"its content is not a {suffix} file (it starts {data[:12]!r})")
                continue
            try:
                data, note = clean(data, suffix)
            except _damaged() as err:
                errors.append(f"it is damaged ({type(err).__name__}: {err})")
                continue
            return Fetched(url, new, dest, data, note=note)
        return Fetched(url, None, None, None, "; ".join(dict.fromkeys(errors)))

    def _read(self, rel: str) -> tuple[bytes | None, str]:
        if self.uploads is not None:
            path = self.uploads / rel
            if path.is_file():
                return path.read_bytes(), ""
            return None, f"it is not in the uploads folder ({path})"
        address = f"{self.base_url}{UPLOADS}{rel}"
        try:
            with urllib.request.urlopen(address, timeout=TIMEOUT) as response:
                return response.read(), ""
        except urllib.error.HTTPError as err:
            return None, f"the old site answered {err.code} for {address}"
        except (urllib.error.URLError, OSError) as err:
            return None, f"the old site could not be reached at {address} ({getattr(err, 'reason', err)})"

    def failures(self) -> list[Fetched]:
        """Every file that could not be had."""
        return [f for f in self.found.values() if f.new is None]
