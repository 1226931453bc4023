"""Property (issue 14): however a draft's or a future post's header is mangled (blank lines,
spacing, key case, order, wrapped lines, a byte-order mark, CRLF), its marker word never reaches
the published site: not a page, feed, gzip copy, PDF, calendar or the Pagefind index. Either the
build refuses the file (non-zero, `path:line: what — fix`, no traceback) or the word is absent.

Each example builds tests/roots/integrity plus three mangled posts in one real build. When the
build refuses some, they are taken out and the rest built again, so every accepted post is searched.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.site.integrity_tools import INSTANT, find, judge, make_project

MARKERS = ("qjzmarka", "qjzmarkb", "qjzmarkc")
PROBLEM_LINE = re.compile(r"^\S+:\d+: .+ — .+$", re.MULTILINE)
# How a post is kept back: a draft, a hidden post, or a date after the build instant (14:00).
HOLDS = {
    "draft": [("Status", "draft"), ("Date", "2021-06-01")],
    "hidden": [("Status", "hidden"), ("Date", "2021-06-02")],
    "tonight": [("Date", "2021-09-08 23:30")],
    "next-year": [("Date", "2022-01-01")],
}
KEY_CASE = st.sampled_from([str, str.lower, str.upper, lambda k: k[:1].lower() + k[1:].upper()])
INDENT = st.sampled_from(["", "", " ", "   ", "    ", "\t"])
BEFORE_COLON = st.sampled_from(["", "", "", "", "", "", "", " "])
AFTER_COLON = st.sampled_from([" ", " ", "", "   ", "\t"])
VALUE_CASE = st.sampled_from([str, str.upper, str.title, lambda v: f" {v} "])


@st.composite
def mangled_post(draw, marker: str) -> str:
    """A post carrying `marker` in its title, slug, tags, summary and body, held back one way, mangled."""
    hold = draw(st.sampled_from(sorted(HOLDS)))
    leaflet = draw(st.booleans())
    fields = [("Title", f"Title {marker}"), ("Slug", f"{marker}-slug"),
              ("Category", "Leaflets" if leaflet else "Campaigns"), ("Kind", "leaflet" if leaflet else "post"),
              ("Tags", marker), ("Summary", f"Summary {marker} in a few words")]
    fields += [(k, draw(VALUE_CASE)(v) if k == "Status" else v) for k, v in HOLDS[hold]]
    fields = draw(st.permutations(fields))
    lines = []
    for key, value in fields:
        line = (f"{draw(INDENT) if draw(st.integers(0, 7)) == 0 else ''}{draw(KEY_CASE)(key)}"
                f"{draw(BEFORE_COLON)}:{draw(AFTER_COLON)}{value}")
        if key == "Summary" and draw(st.booleans()):
            # A wrapped summary, its second line indented enough, too little, or not at all.
            head, _, tail = line.rpartition(" in ")
            line = f"{head}\n{draw(st.sampled_from(['', '  ', '    ', '      ']))}in {tail}"
        lines.extend(line.split("\n"))
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2]))):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(["", "   "])))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + newline.join([*lines, "", f"Body {marker} text.", ""])


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.tuples(*(mangled_post(m) for m in MARKERS)))
def test_a_held_back_post_never_leaks_however_its_header_is_written(tmp_path_factory, posts):
    project = make_project(tmp_path_factory.mktemp("mangled"))
    folder = project / "content" / "posts" / "campaigns"
    for index, text in enumerate(posts):
        (folder / f"{index}.md").write_bytes(text.encode("utf-8"))
    verdicts = judge(project, INSTANT)
    assert verdicts.agree, (verdicts.check, verdicts.build_out)
    assert "Traceback" not in verdicts.build_out
    kept = dict(zip(MARKERS, posts, strict=True))
    if verdicts.build_code != 0:
        assert PROBLEM_LINE.search(verdicts.build_out), verdicts.build_out
        refused = {int(m) for m in re.findall(r"posts/campaigns/(\d)\.md:\d+: ", verdicts.build_out)}
        assert refused, verdicts.build_out  # only the mangled posts can be at fault
        for index in refused:
            (folder / f"{index}.md").unlink()
            kept.pop(MARKERS[index])
        verdicts = judge(project, INSTANT)
        assert verdicts.check == [] and verdicts.build_code == 0, verdicts.build_out
    site = project / "output"
    assert (site / "pagefind").is_dir() and list(site.rglob("*.pdf")), "the search index and PDFs are searched too"
    for marker, text in kept.items():
        assert find(site, marker) == [], (marker, text)
