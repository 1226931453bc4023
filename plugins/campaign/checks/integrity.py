"""Checks over the whole content tree that `make check` and the build share (see checks.check_content).

Each turns a mistake the build would otherwise meet half-way (a traceback, a silently replaced
page, a header that ended early) into a `path:line: what — fix` before anything is written.
"""
from __future__ import annotations

import re
import warnings
from datetime import datetime
from pathlib import Path

from ..content.header import KNOWN_KEYS, Header, hidden_header_lines, stray_header_lines
from ..errors import CampaignError, Problem

# Raster formats Pillow must open; SVG is text. Anything else in content/images is refused.
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".svg")
MAX_PICTURE_BYTES = 20_000_000
_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:[ \t]*<?(?P<url>[^\s>]+)>?", re.MULTILINE)
_REF_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\](?:\[(?P<label>[^\]]*)\])?(?!\()")


def header_problems(rel: str, text: str, header: Header) -> list[Problem]:
    """Header lines that fell into the body, and keys given twice."""
    problems = []
    ended = (f"the header ended on line {header.body_line - 1}" if header.body_line > 1
             else "the file has no header (its first line does not read as `Key: value`)")
    for line, key, _value in stray_header_lines(text, header):
        problems.append(Problem(
            rel, line, f"`{key}:` looks like a header line, but {ended}, "
                       f"so it would be printed in the post (and a `Status:` or `Date:` here is ignored)",
            "move it up into the header: no blank line inside the header, and indent a line that "
            "continues the one before by four spaces; if it is meant as text, reword it"))
    for line, key, _value in hidden_header_lines(header):
        problems.append(Problem(
            rel, line, f"`{key}:` is indented, so it is read as more of the line before, not as its own field",
            "remove the spaces or tab before it: each field starts at the beginning of its line"))
    for key, line in header.repeated:
        problems.append(Problem(rel, line, f"`{key}:` is given twice in the header (line {header.line(key)} too)",
                                "keep one of the two lines"))
    for key in ("save_as", "url", "template"):
        if key in header.fields:
            problems.append(Problem(rel, header.line(key), f"`{key}:` is not something a post may set",
                                    "remove the line; use `Slug:` to choose the address"))
    return problems


def reference_images(text: str) -> list[tuple[int, str, str]]:
    """(offset, alt, address) of each reference-style picture `![alt][ref]` with its `[ref]: url`."""
    defs = {m["label"].strip().lower(): m["url"] for m in _REF_DEF.finditer(text)}
    found = []
    for m in _REF_IMAGE.finditer(text):
        label = (m["label"] or m["alt"]).strip().lower()
        if label in defs:
            found.append((m.start(), m["alt"], defs[label]))
    return found


def _files(folder: Path, root: Path) -> list[tuple[Path, str]]:
    """Every file under `folder` (none if it is missing), in name order, with its path as shown."""
    if not folder.is_dir():
        return []
    return [(path, str(path.relative_to(root)) if path.is_relative_to(root) else str(path))
            for path in sorted(p for p in folder.rglob("*") if p.is_file())]


def picture_problems(content: Path, root: Path) -> list[Problem]:
    """Every file in content/images must be a picture that opens (the build re-saves each)."""
    from PIL import Image, UnidentifiedImageError

    problems = []
    for path, rel in _files(content / "images", root):
        fix = f"keep only pictures ({', '.join(PICTURE_SUFFIXES)}) in content/images/; put other files elsewhere"
        if path.suffix.lower() not in PICTURE_SUFFIXES:
            problems.append(Problem(rel, 1, "this file in content/images is not a picture", fix))
            continue
        try:
            if path.stat().st_size > MAX_PICTURE_BYTES:
                problems.append(Problem(rel, 1, f"the picture is larger than {MAX_PICTURE_BYTES // 1_000_000} MB",
                                        "save a smaller copy (2000 pixels wide is plenty for the web)"))
                continue
            if path.suffix.lower() == ".svg":
                path.read_text(encoding="utf-8")
                continue
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(path) as im:
                    im.verify()
        except OSError as err:
            if isinstance(err, UnidentifiedImageError) or not err.strerror:
                problems.append(Problem(rel, 1, "this file is not a picture that can be read (damaged, or "
                                                "another kind of file renamed)", fix))
            else:
                problems.append(Problem(rel, 1, f"the picture cannot be read ({err.strerror})",
                                        "make the file readable (check its permissions), or remove it"))
        except (UnicodeDecodeError, SyntaxError, ValueError, Image.DecompressionBombWarning,
                Image.DecompressionBombError):
            problems.append(Problem(rel, 1, "this file is not a picture that can be read", fix))
    return problems


def data_problems(content: Path, root: Path) -> list[Problem]:
    """Every data file must be UTF-8, small, and (YAML) free of anchors and aliases."""
    from ..charts.spec import _compose, read_data_text

    problems = []
    for path, rel in _files(content / "data", root):
        try:
            text = read_data_text(path, rel)
            if path.suffix.lower() in (".yaml", ".yml"):
                _compose(text, rel, 1, f"data file {rel}")
        except CampaignError as err:
            problems += err.problems
    return problems


def is_future(when: datetime | None, now: datetime | None) -> bool:
    """A header date (naive, the site's local time) after the build instant."""
    if when is None or now is None:
        return False
    return when.replace(tzinfo=now.tzinfo) > now


__all__ = ["KNOWN_KEYS", "data_problems", "header_problems", "is_future", "picture_problems", "reference_images"]
