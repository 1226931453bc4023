"""Fenced blocks that the build turns into HTML: ```chart, ```video.

A Markdown preprocessor finds the fences in the raw file (before the meta extension removes
the header, so line numbers match the file a volunteer edits) and renders each block. Our HTML
is not part of what the contributor wrote, so it must not pass through the sanitiser (which
would strip its SVG): the Markdown output holds a marker for each block, the reader sanitises
that output, and only then `BlocksExtension.fill` puts the blocks' HTML in place of the markers.
"""
from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..errors import CampaignError, Problem
from .block_types import BlockContext, BlockHandler
from .chart_block import render_chart_block
from .video import render_video_block

# Any marker (marker() makes them): compiled once, not per file; each file's token is compared
# in the replacement. No marker can start inside another, so the matches are the ones a pattern
# naming the file's own token would find.
_MARKERS = re.compile(r"campaignblock(?P<token>[0-9a-f]{24})n(?P<n>\d+)")
_MARKERS_IN_P = re.compile(r"(?:<p>)?campaignblock(?P<token>[0-9a-f]{24})n(?P<n>\d+)(?:</p>)?")
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*(?P<kind>[a-z]+)\s*$")


def _handlers() -> dict[str, BlockHandler]:
    # The handlers import their heavy libraries themselves, only when a block of theirs is used.
    return {"chart": render_chart_block, "video": render_video_block}


class BlocksPreprocessor(Preprocessor):
    """Replace each known fenced block with its rendered HTML."""

    def __init__(self, md, ext: BlocksExtension):
        super().__init__(md)
        self.ext = ext
        self.path, self.data_dir, self.problems = ext.path, ext.data_dir, ext.problems

    def run(self, lines: list[str]) -> list[str]:
        return render_blocks(lines, self.path, self.data_dir, self.problems,
                             lambda html: self.md.htmlStash.store(self.ext.marker(html)))


def render_blocks(lines: list[str], path: str, data_dir: Path, problems: list[Problem],
                  store: Callable[[str], str]) -> list[str]:
    """`lines` with each known block replaced by `store(html)`; problems added to `problems`.

    `make check` runs this too (with a `store` that keeps nothing), so a chart the build
    would refuse is refused by the check, with the same message.
    """
    handlers = _handlers()
    out: list[str] = []
    i, count = 0, dict[str, int]()
    while i < len(lines):
        match = _FENCE.match(lines[i])
        if match is None or match["kind"] not in handlers:
            out.append(lines[i])
            i += 1
            continue
        kind = match["kind"]
        end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == match["fence"]), None)
        if end is None:
            problems.append(Problem(path, i + 1, f"the ```{kind} block is never closed",
                                    f"add a line with {match['fence']} after the block"))
            return out + lines[i:]
        count[kind] = count.get(kind, 0) + 1
        ctx = BlockContext(path, i + 1, count[kind], data_dir)
        try:
            html = handlers[kind]("\n".join(lines[i + 1:end]), ctx)
        except CampaignError as err:
            problems.extend(err.problems)
            html = ""
        out.extend(["", store(html), ""])
        i = end + 1
    return out


class BlocksExtension(Extension):
    """Python-Markdown extension registering the preprocessor for one source file."""

    def __init__(self, path: str, data_dir: Path, problems: list[Problem]):
        super().__init__()
        self.path, self.data_dir, self.problems = path, data_dir, problems
        self.rendered: list[str] = []
        # Unguessable, so text a contributor writes can never be taken for a marker.
        self._token = secrets.token_hex(12)

    def marker(self, html: str) -> str:
        """Keep `html` aside; return the plain-text marker that stands for it until `fill`."""
        self.rendered.append(html)
        return f"campaignblock{self._token}n{len(self.rendered) - 1}"

    def unmarked(self, html: str) -> str:
        """`html` with the markers alone taken out (not the <p> around them): what a block pass
        that keeps nothing makes of the same file (render_blocks' store returning "")."""
        if not self.rendered:
            return html
        return _MARKERS.sub(lambda m: "" if m["token"] == self._token else m[0], html)

    def fill(self, html: str) -> str:
        """`html` (already sanitised) with each block's own HTML in place of its marker."""
        if "campaignblock" not in html:
            return html
        # A marker with another token (text that only looks like one) is left as it is.
        return _MARKERS_IN_P.sub(lambda m: self.rendered[int(m["n"])] if m["token"] == self._token else m[0], html)

    def extendMarkdown(self, md) -> None:
        # Priority 28: before `meta` (27), so `lines` are the file's own lines.
        md.preprocessors.register(BlocksPreprocessor(md, self), "campaign_blocks", 28)
