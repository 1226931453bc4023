"""Read a Markdown post's metadata header with line numbers, without Pelican.

Pelican's reader drops line numbers; volunteers need them in error messages, so the
checker and the plugin both use this small parser over the same `Key: value` header.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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

    def get(self, key: str, default: str | None = None) -> str | None:
        field = self.fields.get(key.lower())
        return field.value if field else default

    def line(self, key: str) -> int:
        """The line of `key`, or 1 when absent (so a message still points into the file)."""
        field = self.fields.get(key.lower())
        return field.line if field else 1


def parse_header(text: str) -> Header:
    """Parse Python-Markdown's meta header: `Key: value` lines, indented continuations."""
    fields: dict[str, Field] = {}
    last: str | None = None
    lines = text.removeprefix("\ufeff").splitlines()  # a byte-order mark would hide the first key
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            return Header(fields, number + 1)
        if raw[:1] in (" ", "\t") and last:
            prev = fields[last]
            fields[last] = Field(f"{prev.value} {raw.strip()}".strip(), prev.line)
            continue
        key, sep, value = raw.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            # Not a header line: the body starts here (Markdown's meta extension agrees).
            return Header(fields, number)
        last = key.strip().lower()
        fields[last] = Field(value.strip(), number)
    return Header(fields, len(lines) + 1)


def read_header(path: str | Path) -> Header:
    """Parse the header of the file at `path`."""
    return parse_header(Path(path).read_text(encoding="utf-8"))
