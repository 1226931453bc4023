"""The properties kept check verdicts rest on, over open-ended inputs (Hypothesis):

- a verdict read back from its bytes is the verdict that was made (so a pass that reuses
  verdicts and one that judges afresh read the same thing);
- the kind parsers' problems never depend on the build day (verdicts are kept across days);
- the pass's path resolver gives Path.resolve()'s answer (links, `..`, symlinks), and its way
  of showing a path from the project folder gives Path.relative_to()'s.
"""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import read_settings

from campaign import settings as campaign_settings
from campaign.checks.per_file import Resolver, Source, judge, shown
from campaign.checks.verdicts import from_bytes, to_bytes
from campaign.content import kinds
from campaign.content.header import parse_header
from tests.conftest import ROOTS

CONF = read_settings(str(ROOTS / "rootconf.py"), override={"PATH": str(ROOTS / "kinds"), "CAMPAIGN_TODAY": "2026-11-21"})
CS = campaign_settings.load(CONF)

_KEYS = ["Title", "Date", "Category", "Kind", "Summary", "Status", "Slug", "Image", "Image_alt", "Tags", "Lang",
         "Start", "End", "Timezone", "Location", "Register", "Closes", "Deadline", "Sign", "Motion_type",
         "Submit_to", "Paper", "Redirect_from", "Save_as"]
_DAY = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
_VALUE = st.one_of(
    _DAY.map(str),
    st.builds(lambda d, h, m: f"{d} {h:02}:{m:02}", _DAY, st.integers(0, 25), st.integers(0, 61)),
    st.sampled_from(["event", "motion", "petition", "leaflet", "post", "Campaigns", "Meetings", "draft",
                     "Europe/London", "Mars/Base", "https://example.org/sign", "A4", "A5", "rule change",
                     "/images/x.png", "{filename}/pages/about.md", "REPLACE THIS", ""]),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=30),
)
_HEADER = st.lists(st.tuples(st.sampled_from(_KEYS), _VALUE), max_size=10)
_BODY_LINE = st.one_of(
    st.sampled_from(["![A banner](/images/banner.png)", "![](images/x.jpg)", '<img src="/images/y.png">',
                     "[a link]({filename}/posts/campaigns/x.md)", "|filename|/x.md", "```chart", "kind: bar",
                     "```", "<script>alert(1)</script>", "`code {filename}/y.md`", "Status: draft", "    indented",
                     "", "REPLACE THIS", "images/z.png and files/leaflet.pdf", "[ref]: /images/r.png", "![alt][ref]"]),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=40),
)


def _text(header: list[tuple[str, str]], body: list[str]) -> str:
    return "".join(f"{k}: {v}\n" for k, v in header) + "\n" + "\n".join(body) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HEADER, st.lists(_BODY_LINE, max_size=8), st.booleans())
def test_a_verdict_read_back_is_the_verdict_made(header, body, is_page):
    text = _text(header, body)
    folder = CS.content_dir / ("pages" if is_page else "posts/campaigns")
    source = Source(folder / "x.md", "content/x.md", text, parse_header(text), is_page)
    made = judge(source, CONF, CS)
    assert from_bytes(to_bytes(made)) == made


# Headers of the kinds with fields of their own, mostly dates near the days compared.
_KIND_FIELDS = {"event": ["Start", "End", "Timezone", "Location", "Register"],
                "motion": ["Motion_type", "Deadline", "Submit_to"], "petition": ["Sign", "Closes"]}
_KIND_HEADER = st.sampled_from(sorted(_KIND_FIELDS)).flatmap(lambda kind: st.lists(
    st.tuples(st.sampled_from(_KIND_FIELDS[kind]), _VALUE), max_size=6).map(lambda fields: [("Kind", kind), *fields]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_KIND_HEADER, _HEADER), _DAY, _DAY)
def test_the_kind_parsers_problems_do_not_depend_on_the_day(header, day, other):
    parsed = parse_header(_text(header, []))
    on = [kinds.parse(parsed, replace(CS, today=d, now=datetime(d.year, d.month, d.day, 12)), "x.md", "x").problems
          for d in (day, other, day + timedelta(days=1))]
    assert on[0] == on[1] == on[2]


_PART = st.sampled_from(["a", "b", "link", "..", ".", "", "x.md", "loop", "a/x.md", "gone"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(_PART, min_size=1, max_size=5), min_size=1, max_size=6))
def test_the_resolver_answers_as_path_resolve_does(tmp_path, paths):
    base = tmp_path / "tree"
    if not base.exists():
        (base / "a" / "b").mkdir(parents=True)
        (base / "a" / "x.md").write_text("x")
        (base / "link").symlink_to(base / "a" / "b")  # a folder link: `link/..` is a, not the tree
        (base / "a" / "b" / "x.md").symlink_to("../x.md")  # a file link, relative
        (base / "gone").symlink_to(base / "nowhere")
    resolve = Resolver()
    for parts in paths:
        path = os.path.join(base / "a", *parts)
        for _ in range(2):  # the second answer comes from what the resolver kept
            assert resolve.real(path) == str(Path(path).resolve()), path
            assert resolve.is_file(resolve.real(path)) == Path(path).resolve().is_file()


_NAME = st.sampled_from(["a", "b", "ab", "a b", "content", "posts", "x.md", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_NAME, max_size=4), st.lists(_NAME, max_size=4), st.booleans())
def test_a_path_is_shown_from_the_project_folder_as_relative_to_shows_it(root_parts, path_parts, absolute):
    root = Path("/", *root_parts) if absolute else Path(*root_parts)
    path = Path("/", *path_parts) if absolute else Path(*path_parts)
    expected = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    assert shown(path, root) == expected
