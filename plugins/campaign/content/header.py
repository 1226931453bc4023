"""Read a Markdown post's metadata header with line numbers, without Pelican.

Pelican's reader drops line numbers; volunteers need them in error messages, so the
checker and the plugin both use this small parser over the same `Key: value` header.
Invariant: it ends the header exactly where Python-Markdown's `meta` extension does (same
patterns, same line endings, same byte-order-mark handling), so what the check judges is
what the build publishes. `stray_header_lines` then finds header lines that fell into the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

#: Words the scaffolds (`make new`) leave for the author to replace; a post still holding one is not ready.
PLACEHOLDERS = ("REPLACE THIS", "DELETE THIS", "example.org/replace")

# Python-Markdown's own patterns (markdown/extensions/meta.py), kept identical on purpose.
_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)")
_BEGIN = re.compile(r"^-{3}(\s.*)?")
_END = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# Any line that reads as `Key: value` once its indentation is ignored (a stray header line).
_LOOSE = re.compile(r"^[ \t\u00a0\ufeff]*(?P<key>[A-Za-z0-9_-]+)[ \t]*:(?P<value>.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

#: Header keys this site reads (the plugin's and Pelican's). A line in the body that starts
#: with one of them is a header line that ended up in the text, not prose.
KNOWN_KEYS = frozenset({
    "title", "date", "modified", "category", "kind", "summary", "status", "slug", "tags", "image",
    "image_alt", "paper", "start", "end", "location", "register", "timezone", "sign", "closes",
    "deadline", "submit_to", "motion_type", "author", "authors", "lang", "template", "save_as", "url",
    "translation",
})


@dataclass(frozen=True)
class Field:
    """One metadata field: its value and the 1-based line it starts on."""

    value: str
    line: int


@dataclass(frozen=True)
class Header:
    """The metadata header of one file, plus the line where the body starts."""

    fields: dict[str, Field]
    body_line: int
    # (key, line) of each key given a second time; Pelican keeps the first, which misleads.
    repeated: tuple[tuple[str, int], ...] = field(default=())
    # (line, text) of each indented line that continued the field before it.
    continued: tuple[tuple[int, str], ...] = field(default=())

    def get(self, key: str, default: str | None = None) -> str | None:
        found = self.fields.get(key.lower())
        return found.value if found else default

    def line(self, key: str) -> int:
        """The line of `key`, or 1 when absent (so a message still points into the file)."""
        found = self.fields.get(key.lower())
        return found.line if found else 1


def source_lines(text: str) -> list[str]:
    """The file's lines as Python-Markdown sees them: no byte-order mark, any line ending."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Markdown expands tabs (4 columns) before its meta extension reads a line.
    return text.expandtabs(4).split("\n")


def parse_header(text: str) -> Header:
    """Parse Python-Markdown's meta header: `Key: value` lines, indented continuations."""
    fields: dict[str, Field] = {}
    repeated: list[tuple[str, int]] = []
    continued: list[tuple[int, str]] = []
    last: str | None = None
    lines = source_lines(text)
    first = 1 if lines and _BEGIN.match(lines[0]) else 0
    for number, raw in enumerate(lines[first:], start=first + 1):
        if not raw.strip() or _END.match(raw):
            return Header(fields, number + 1, tuple(repeated), tuple(continued))
        meta = _META.match(raw)
        if meta:
            last = meta["key"].lower().strip()
            if last in fields:
                repeated.append((last, number))
                continue
            fields[last] = Field(meta["value"].strip(), number)
            continue
        more = _META_MORE.match(raw)
        if more and last:
            continued.append((number, more["value"]))
            if not any(k == last for k, _ in repeated):
                prev = fields[last]
                fields[last] = Field(f"{prev.value} {more['value'].strip()}".strip(), prev.line)
            continue
        # Not a header line: the body starts here (Markdown's meta extension agrees).
        return Header(fields, number, tuple(repeated), tuple(continued))
    return Header(fields, len(lines) + 1, tuple(repeated), tuple(continued))


def _known(raw: str) -> tuple[str, str] | None:
    loose = _LOOSE.match(raw)
    if loose and loose["key"].lower() in KNOWN_KEYS:
        return loose["key"], loose["value"].strip()
    return None


def hidden_header_lines(header: Header) -> list[tuple[int, str, str]]:
    """(line, key, value) of each indented continuation line that reads as a known header key."""
    return [(line, *known) for line, raw in header.continued if (known := _known(raw))]


def stray_header_lines(text: str, header: Header) -> list[tuple[int, str, str]]:
    """(line, key, value) of each body line outside code fences that reads as a known header key."""
    found = []
    fence: str | None = None
    for number, raw in enumerate(source_lines(text), start=1):
        if number < header.body_line:
            continue
        opening = _FENCE.match(raw)
        if opening:
            mark = opening.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence) and not raw.strip(" `~\t"):
                fence = None
            continue
        if fence is not None:
            continue
        known = _known(raw)
        if known:
            found.append((number, *known))
    return found


def read_header(path: str | Path) -> Header:
    """Parse the header of the file at `path`."""
    return parse_header(Path(path).read_text(encoding="utf-8-sig"))
