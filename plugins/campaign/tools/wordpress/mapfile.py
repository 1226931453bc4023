"""wordpress-map.toml: which section(s) each WordPress category becomes.

    [sections]
    "news" = "Campaigns"
    "motions" = "Model motions, Campaigns"   # two sections: the first is the post's main one
    "*" = "Campaigns"                        # every category not listed
"""
from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path

from ...content.sections import parse_sections
from ...content.toml_errors import toml_error
from ...errors import CampaignError, Problem
from ...settings import Section
from .wxr import Term

_FIX = 'write `"category-slug" = "Section title"` under [sections]'


def write_template(path: Path, categories: Sequence[tuple[Term, int]], sections: Sequence[Section]) -> None:
    """A map listing every category (with its post count) for a person to fill in."""
    known = ", ".join(s.title for s in sections)
    lines = ["# Which section of the new site each WordPress category becomes.",
             '# Write a section title after each `=` (two sections: "Campaigns, Leaflets").',
             f"# Sections: {known}",
             '# The key "*" maps every category not listed; delete a line to use it.',
             "", "[sections]"]
    for term, count in categories:
        name = " ".join(term.name.split())
        lines.append(f'{json.dumps(term.slug)} = ""  # {name}: {count} post{"s" if count != 1 else ""}')
    lines.append('# "*" = ""')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith((f'"{key}"', f"{key} ", f"'{key}'")):
            return number
    return 1


def read_map(path: Path, sections: Sequence[Section]) -> dict[str, list[Section]]:
    """Category slug (or "*") -> its sections; every problem in the file raised at once."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line, message = toml_error(err, text)
        raise CampaignError.at(str(path), line, f"this is not valid TOML ({message})", _FIX) from None
    table = data.get("sections")
    if not isinstance(table, dict):
        raise CampaignError.at(str(path), 1, "there is no [sections] table", _FIX)
    mapping, problems = {}, []
    for key, value in table.items():
        line = _line(text, key)
        if not isinstance(value, str):
            problems.append(Problem(str(path), line, f"the value for {key!r} is not text", _FIX))
            continue
        if not value.strip():
            continue  # left empty: the category counts as unmapped
        found, wrong = parse_sections(value, sections, path=str(path), line=line)
        problems += wrong
        mapping[key] = found
    if problems:
        raise CampaignError(problems)
    return mapping


def unmapped(mapping: dict[str, list[Section]], slugs: Sequence[str]) -> list[str]:
    """The categories the map leaves without a section."""
    return [] if "*" in mapping else [s for s in slugs if s not in mapping]
