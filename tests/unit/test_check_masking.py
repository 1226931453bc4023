"""The check's masking of code (per_file._mask_code, by spans) blanks what the character-by-character
version did, image_use.mentioned's quick answer for a text naming no images/ or files/ is the
expression's, and the template markers are found on the lines they were found on before the
whole-text test: on any text."""
from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from campaign.checks import per_file
from campaign.content.header import PLACEHOLDERS, parse_header
from campaign.outputs import image_use

PIECES = ["a", " ", "\n", "\r\n", "\n\n", "`", "``", "```", "````", "~~~", "~~~~", "   ```", "    ```", "```chart",
          "\t", "x`y`z", "é", "Title: t\n", "images/a.jpg", "files/b.pdf", "/images/", "myimages/x", "_files/y",
          "%20", "images", "files", "/", ".", ",", "é", *PLACEHOLDERS, "REPLACE", "\x0c", "\u2028", "Status: draft\n"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _mask_code_by_character(text: str, start: int) -> str:
    """The masking as it was written first: a list of characters, blanked one by one."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    blank(0, start)
    pos = start
    while (opening := per_file._FENCE.search(text, pos)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*\r?$", re.MULTILINE)
        end_match = closing.search(text, opening.end())
        end = end_match.end() if end_match else len(text)
        blank(opening.start(), end)
        pos = end
    masked = "".join(chars)
    for code in per_file._INLINE_CODE.finditer(masked):
        blank(code.start(), code.end())
    return "".join(chars)


@settings(max_examples=500, deadline=None)
@given(TEXT, st.integers(min_value=0, max_value=60))
def test_masking_by_spans_is_masking_by_character(text, start):
    start = min(start, len(text))
    masked = per_file._mask_code(text, start)
    assert masked == _mask_code_by_character(text, start)
    assert len(masked) == len(text)


@settings(max_examples=500, deadline=None)
@given(TEXT)
def test_mentioned_is_the_expressions_answer(text):
    expected = {f"{m.group(1)}/{image_use.unquote(m.group(2)).rstrip('.,;:')}"
                for m in image_use._MENTION.finditer(text)}
    assert image_use.mentioned(text) == expected


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_template_markers_are_found_on_their_lines(text):
    source = per_file.Source(Path("content/posts/p.md"), "content/posts/p.md", text, parse_header(text), False)
    expected = [] if source.status == "draft" else [
        number for number, line in enumerate(text.splitlines(), start=1) if any(m in line for m in PLACEHOLDERS)]
    assert [p.line for p in per_file._placeholders(source)] == expected
