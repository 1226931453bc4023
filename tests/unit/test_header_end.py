"""The header ends where Python-Markdown's meta extension ends it, and a header line that fell
into the body (after a blank line, an unindented wrap, a tab) is a problem at its line."""
from __future__ import annotations

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.checks.integrity import header_problems
from campaign.content.header import parse_header, stray_header_lines


def markdown_meta(text: str) -> dict[str, list[str]]:
    """What the build's Markdown makes of the header (Pelican drops a BOM before Markdown sees it)."""
    md = markdown.Markdown(extensions=["markdown.extensions.meta"])
    md.convert(text.removeprefix("\ufeff"))
    return md.Meta


def problems(text: str) -> list[str]:
    return [str(p) for p in header_problems("post.md", text, parse_header(text))]


@pytest.mark.parametrize("text", [
    "Title: A\nDate: 2021-01-01\n\nStatus: draft\n\nBody\n",
    "Title: A\nSummary: one\ntwo\nStatus: draft\n\nBody\n",
    "Title: A\n\tStatus: draft\n\nBody\n",
    "Title: A\n  Status: draft\n\nBody\n",
    "Title: A\n    Status: draft\n\nBody\n",
    "---\nTitle: A\nStatus: draft\n---\nBody\n",
    "\ufeffTitle: A\r\nStatus: draft\r\n\r\nBody\r\n",
    "Title: A\rStatus: draft\r\rBody\r",
    "Title: A\nStatus: published\nStatus: draft\n\nBody\n",
    "Title: A\nSta tus: draft\n\nBody\n",
])
def test_header_keys_match_python_markdown(text):
    header = parse_header(text)
    meta = markdown_meta(text)
    assert set(header.fields) == set(meta)
    for key, values in meta.items():
        # Repeated keys: Pelican keeps the first value; continuation lines join with a space.
        first_only = any(k == key for k, _ in header.repeated)
        expected = values[0] if first_only else " ".join(values).strip()
        assert header.get(key) == expected, key


_KEY = st.sampled_from(["Title", "title", "TITLE", "Status", "status", "STATUS", "Date", "Summary", "Tags", "X-y_z"])
_SEP = st.sampled_from([":", ": ", ":  ", " :", ":\t"])
_INDENT = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "     "])
_VALUE = st.text(alphabet="abc -:", max_size=8)
_LINE = st.one_of(st.builds(lambda i, k, s, v: f"{i}{k}{s}{v}", _INDENT, _KEY, _SEP, _VALUE),
                  st.sampled_from(["", " ", "---", "...", "plain words", "    more words"]))


# No deadline: a shared, loaded machine makes timings meaningless here.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, min_size=1, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_random_headers_match_python_markdown(lines, newline, bom):
    text = ("\ufeff" if bom else "") + newline.join(lines) + newline + newline + "Body\n"
    header = parse_header(text)
    assert set(header.fields) == set(markdown_meta(text))


@pytest.mark.parametrize("text, line", [
    ("Title: A\nDate: 2021-01-01\n\nStatus: draft\n\nBody\n", 4),
    ("Title: A\nSummary: one\ntwo\nStatus: draft\n\nBody\n", 4),
    ("Title: A\n\nstatus:draft\n", 3),
    ("Title: A\n\n   DATE : 2099-01-01\n", 3),
])
def test_a_header_line_after_the_header_is_a_problem_at_its_line(text, line):
    found = problems(text)
    assert len(found) == 1, found
    assert found[0].startswith(f"post.md:{line}: `")
    assert "looks like a header line, but the header ended on line" in found[0]
    assert "move it up into the header: no blank line inside the header" in found[0]


@pytest.mark.parametrize("indent", ["\t", "    ", "      "])
def test_an_indented_header_line_is_a_problem_at_its_line(indent):
    # Markdown reads it as more of the Title ("A Status: draft"), so the post would be published.
    found = problems(f"Title: A\n{indent}Status: draft\n\nBody\n")
    assert found == [("post.md:2: `Status:` is indented, so it is read as more of the line before, not as its "
                     "own field — remove the spaces or tab before it: each field starts at the beginning of its line")]


def test_prose_and_code_are_not_header_lines():
    text = ("Title: A\n\nWe met at: the hall.\nNote: bring a coat.\n\n```\nStatus: draft\n```\n\n"
            "    Date: in an indented code block is still flagged? no: indented code is text here\n")
    header = parse_header(text)
    found = stray_header_lines(text, header)
    # Unknown keys ("We met at", "Note") are prose; a fenced block is code. An indented line
    # that reads as a known key is flagged: Markdown shows it, and it is almost always a slip.
    assert [(line, key) for line, key, _ in found] == [(10, "Date")]


def test_a_header_that_never_starts_is_named():
    found = problems("Title : A\nStatus: draft\n\nBody\n")
    assert found[0].startswith("post.md:1: `Title:` looks like a header line, but the file has no header")
    assert [p.split(":")[1] for p in found] == ["1", "2"]


def test_a_key_given_twice_is_a_problem():
    found = problems("Title: A\nStatus: published\nStatus: draft\n\nBody\n")
    assert found == ["post.md:3: `status:` is given twice in the header (line 2 too) — keep one of the two lines"]


def test_save_as_is_refused():
    found = problems("Title: A\nSave_as: ../../x.html\n\nBody\n")
    assert found == [("post.md:2: `save_as:` is not something a post may set — "
                     "remove the line; use `Slug:` to choose the address")]
