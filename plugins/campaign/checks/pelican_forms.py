"""Content from another Pelican site: the forms this site does not support are refused at file:line.

Pelican accepts reStructuredText posts, `Lang:` translations and the old `|filename|` link form;
this site reads Markdown only, builds one language, and checks `{filename}` links. Rather than
publish such content wrongly (a reST header read as text, a translation in the main feed, an
unchecked link), the check names each at its line with the change that makes it work.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..content.header import Header
from ..errors import Problem

RST_SUFFIXES = (".rst", ".rest")
_OLD_LINK = re.compile(r"\|(filename|static|attach|category|tag|author|index)\|")


def _primary(lang: str) -> str:
    return lang.strip().lower().replace("_", "-").split("-")[0]


def check_rst_files(root: Path, content: Path, folders: list[str]) -> list[Problem]:
    """A reST post or page would never be published correctly here: say so, and how to convert it."""
    problems = []
    for folder in folders:
        for path in sorted((content / folder).rglob("*"), key=lambda p: p.parts):  # Path's order, sooner
            if path.suffix.lower() in RST_SUFFIXES and path.is_file():
                rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
                problems.append(Problem(rel, 1, "reStructuredText posts are not supported (this site reads Markdown)",
                                        "convert it: `pandoc -f rst -t markdown`, then write its `:title:`-style "
                                        "fields as `Title: ...` lines at the top, and rename it to .md"))
    return problems


def check_text(rel: str, header: Header, body: str, default_lang: str) -> list[Problem]:
    """`Lang:` for another language, and `|filename|`-style links in `body` (code blanked out), at their lines."""
    problems = []
    lang = header.get("lang")
    if lang and _primary(lang) != _primary(default_lang):
        problems.append(Problem(rel, header.line("lang"), f"translations (Lang: {lang}) are not supported: it would "
                                                          "be published as a post in the main language",
                                "remove the file, or remove the Lang line to publish it as a post of its own"))
    for number, line in enumerate(body.splitlines(), start=1):
        for match in _OLD_LINK.finditer(line):
            problems.append(Problem(rel, number, f"the link form |{match[1]}| is Pelican's old one and is not checked",
                                    f"write {{{match[1]}}} instead of |{match[1]}|"))
    return problems
