"""Pelican's Markdown reader, plus our fenced blocks, with problems kept for the build to report.

Pelican catches a reader's exceptions and logs only "Could not process <file>", losing the
reason; so this reader records each Problem on itself and the plugin raises them all after
reading, with file, line and fix intact.
"""
from __future__ import annotations

from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .blocks import BlocksExtension
from .errors import Problem
from .metadata import read_header


class CampaignMarkdownReader(MarkdownReader):
    """MarkdownReader that renders ```chart and ```video blocks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []

    def read(self, source_path):
        self._source_path = source_path
        rel = _relative(source_path)
        found: list[Problem] = []
        config = dict(self.settings["MARKDOWN"])
        data_dir = Path(self.settings["PATH"]) / "data"
        config["extensions"] = [*config.get("extensions", []), BlocksExtension(rel, data_dir, found)]
        self._md = Markdown(**config)
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        try:
            metadata = self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}
        except ValueError as err:
            # Pelican's date parser raises a bare ValueError; point at the Date line.
            header = read_header(source_path)
            found.append(Problem(rel, header.line("date"), f"the date does not parse ({err})",
                                 "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"))
            self.problems.extend(found)
            raise
        self.problems.extend(found)
        if found:
            metadata["campaign_problems"] = found
        return content, metadata


def _relative(path: str) -> str:
    """The path as a volunteer sees it: relative to the project when possible."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
