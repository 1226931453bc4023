"""Every mistake, in one tree (tests/roots/mistakes/), built once: the exact list of
`file:line: what — fix` lines, a non-zero exit, and the previous output left as it was.

The build runs the check's own pass before Pelican writes anything, so it reports every
mistake at once, with the same words as `make check` (one judgement).
"""
from pathlib import Path

import pytest

from campaign.checks.site import check_site
from tests.conftest import ROOTS, copy_root, run_build, settings_with

MISTAKES = ROOTS / "mistakes"
SECTIONS = "Campaigns, Motions, Residents' stories, Press releases, Leaflets, Meetings"
LINK_EXAMPLE = "{filename}/posts/news/2021-01-20-welcome.md"

# Every mistake in the tree (paths from the tree's top), as the build and `make check` both say it.
EXPECTED = [
    ("posts/campaigns/2021-05-01-unknown-section.md:3: unknown section 'Campains' — "
     f"did you mean 'Campaigns'? known sections: {SECTIONS}"),
    ("posts/campaigns/2021-05-02-empty-section-entry.md:3: empty section name in `Category: Campaigns,` — "
     "remove the extra comma"),
    "posts/campaigns/2021-05-03-duplicate-section.md:3: section 'Campaigns' is named twice — name each section once",
    ("posts/campaigns/2021-05-04-no-section.md:1: this post names no section — "
     f"add a line `Category: Campaigns` (one or more of: {SECTIONS})"),
    ("posts/campaigns/2021-05-05-malformed-date.md:2: Date '2021-13-45' is not a date — "
     "write it as 2021-07-20 or 2021-07-20 18:00 (year-month-day, 24-hour clock)"),
    ("posts/campaigns/2021-05-06-broken-link.md:7: the link {filename}/posts/campaigns/no-such-post.md points to no file "
     "(looked for posts/campaigns/no-such-post.md) — check the spelling; write the path from content/, "
     f"e.g. {LINK_EXAMPLE}"),
    ("posts/campaigns/2021-05-07-no-title.md:1: there is no Title — add a first line `Title: The headline`, "
     "followed by the other fields"),
    ("posts/campaigns/2021-05-08-unknown-kind.md:4: unknown kind 'motoin' — did you mean 'motion'? "
     "known kinds: post, press-release, motion, leaflet, testimony, event, petition, report"),
    ("posts/campaigns/2021-05-09-bad-chart-value.md:12: value 'lots' for 'No' is not a number — "
     "write a number like 37 (no % sign; put the unit in `unit:`)"),
    ("posts/events/2021-05-10-ends-before-it-starts.md:6: End 2021-07-20 16:30 is not after Start 2021-07-20 17:30 — "
     "make End later than Start; an event that runs past midnight ends on the next day's date"),
    ("posts/leaflets/2021-05-11-missing-picture.md:9: the picture /images/no-such-banner.jpg is not there "
     "(looked for images/no-such-banner.jpg) — check the spelling, or put the picture in content/images/ and write "
     "![what it shows](/images/name.jpg)"),
]


def _tree_relative(line: str, content: Path) -> str:
    """A problem line with the tree's own path (absolute, or from the project folder) cut off."""
    for prefix in (f"{content}/", f"{content.name}/"):
        line = line.replace(f"(looked for {prefix}", "(looked for ")
        line = line.removeprefix(prefix)
    return line


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _problems(stderr: str, content: Path) -> list[str]:
    """The build's problem lines, with the tree's own path cut off."""
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("Build failed; the previous site in "), stderr
    return [_tree_relative(line, content) for line in lines[1:]]


@pytest.fixture
def previous_output(tmp_path) -> Path:
    """An output folder holding a 'previously built site' that a failed build must not touch."""
    out = tmp_path / "output"
    (out / "section").mkdir(parents=True)
    (out / "index.html").write_text("<p>the last good site</p>")
    (out / "section" / "x.html").write_text("kept")
    return out


def test_every_mistake_is_reported_at_once_and_the_output_kept(tmp_path, previous_output):
    content = copy_root("mistakes", tmp_path)
    conf = settings_with(tmp_path, base="rootconf")
    before = _snapshot(previous_output)
    result = run_build(content, previous_output, settings=conf)
    assert result.returncode != 0
    assert _problems(result.stderr, content) == EXPECTED
    assert "Traceback" not in result.stderr
    assert _snapshot(previous_output) == before
    assert not list(previous_output.parent.glob(".build-*")), "temporary build folder left behind"


def test_make_check_lists_the_same_mistakes(tmp_path):
    (tmp_path / "pelicanconf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootconf import *\nPATH = {str(MISTAKES)!r}\n")
    count, problems = check_site(tmp_path)
    assert count == len(list(MISTAKES.rglob("*.md")))  # the posts and the one good page
    assert [_tree_relative(str(p), MISTAKES) for p in problems] == EXPECTED


def test_good_build_replaces_previous_output(tmp_path, previous_output):
    result = run_build(ROOTS / "minimal", previous_output, settings=settings_with(tmp_path, base="rootconf"))
    assert result.returncode == 0, result.stderr
    assert "the last good site" not in (previous_output / "index.html").read_text()
    assert not (previous_output / "section" / "x.html").exists()
