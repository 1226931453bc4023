"""Posts in several sections: parse `Category: News, Meetings` and group posts."""
from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from ..errors import Problem
from ..settings import Section


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def parse_sections(
    raw: str | None, known: Sequence[Section], *, path: str, line: int
) -> tuple[list[Section], list[Problem]]:
    """Resolve a comma-separated list of section titles or slugs; first is the primary.

    Rules (documented in docs/content-format.md): at least one section; titles and slugs
    match case-insensitively; an empty entry or the same section twice is an error, because
    both are almost always a typing slip that a volunteer wants to hear about.
    """
    names = ", ".join(s.title for s in known)
    example = known[0].title if known else "News"
    if raw is None or not str(raw).strip():
        return [], [Problem(path, line, "this post names no section",
                            f"add a line `Category: {example}` (one or more of: {names})")]
    lookup = {_key(s.title): s for s in known} | {_key(s.slug): s for s in known}
    found: list[Section] = []
    problems: list[Problem] = []
    for entry in str(raw).split(","):
        name = entry.strip()
        if not name:
            problems.append(Problem(path, line, f"empty section name in `Category: {raw}`",
                                    "remove the extra comma"))
            continue
        section = lookup.get(_key(name))
        if section is None:
            close = difflib.get_close_matches(_key(name), list(lookup), n=1, cutoff=0.6)
            hint = f"did you mean '{lookup[close[0]].title}'? " if close else ""
            problems.append(Problem(path, line, f"unknown section '{name}'",
                                    f"{hint}known sections: {names}"))
        elif section in found:
            problems.append(Problem(path, line, f"section '{section.title}' is named twice",
                                    "name each section once"))
        else:
            found.append(section)
    return found, problems


def group_by_section(posts: Iterable, sections: Sequence[Section]) -> dict[str, list]:
    """Map each section slug to its posts (in the order given), multi-section posts in each."""
    groups: dict[str, list] = {s.slug: [] for s in sections}
    for post in posts:
        for section in getattr(post, "sections", ()):
            groups[section.slug].append(post)
    return groups
