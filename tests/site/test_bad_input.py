"""Each bad input stops the real build with file, line and fix, and leaves output/ as it was."""
from pathlib import Path

import pytest

from tests.conftest import run_build

GOOD_HEADER = "Title: A test post\nDate: 2021-05-01\nCategory: Campaigns\nKind: post\nSummary: A test.\n"


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def previous_output(tmp_path) -> Path:
    """An output folder holding a 'previously built site' that a failed build must not touch."""
    out = tmp_path / "output"
    (out / "section").mkdir(parents=True)
    (out / "index.html").write_text("<p>the last good site</p>")
    (out / "section" / "x.html").write_text("kept")
    return out


CASES = [
    pytest.param("Title: A test post\nDate: 2021-05-01\nCategory: Campains\nSummary: x\n\nBody.\n",
                 ":3: unknown section 'Campains'", "did you mean 'Campaigns'?", id="unknown-section"),
    pytest.param("Title: A test post\nDate: 2021-05-01\nCategory: Campaigns, \nSummary: x\n\nBody.\n",
                 ":3: empty section name", "remove the extra comma", id="empty-section-entry"),
    pytest.param("Title: A test post\nDate: 2021-05-01\nCategory: Campaigns, campaigns\nSummary: x\n\nBody.\n",
                 ":3: section 'Campaigns' is named twice", "name each section once", id="duplicate-section"),
    pytest.param("Title: A test post\nDate: 2021-05-01\nSummary: x\n\nBody.\n",
                 ":1: this post names no section", "add a line `Category: Campaigns`", id="no-section"),
    pytest.param("Title: A test post\nDate: 2021-13-45\nCategory: Campaigns\nSummary: x\n\nBody.\n",
                 ":2: date '2021-13-45' is not a date", "write it as 2021-07-20", id="malformed-date"),
    pytest.param(GOOD_HEADER + "\nSee [this]({filename}/posts/campaigns/no-such-post.md).\n",
                 ":7: the link {filename}/posts/campaigns/no-such-post.md points to no file",
                 "check the spelling", id="broken-internal-link"),
    pytest.param("Date: 2021-05-01\nCategory: Campaigns\nSummary: x\n\nBody.\n",
                 ":1: there is no title", "add a first line `Title:", id="missing-title"),
]


@pytest.mark.parametrize("text, message, fix", CASES)
def test_bad_post_fails_build_naming_file_line_fix_and_keeps_output(content_copy, previous_output, text, message, fix):
    bad = content_copy / "posts" / "campaigns" / "2021-05-01-bad.md"
    bad.write_text(text, encoding="utf-8")
    before = _snapshot(previous_output)
    result = run_build(content_copy, previous_output)
    assert result.returncode != 0
    assert "2021-05-01-bad.md" in result.stderr
    assert message in result.stderr.replace("\n", " ") or message in result.stderr.lower()
    assert fix in result.stderr
    assert _snapshot(previous_output) == before
    assert not list(previous_output.parent.glob(".build-*")), "temporary build folder left behind"


def test_unknown_kind_names_known_kinds(content_copy, previous_output):
    bad = content_copy / "posts" / "campaigns" / "2021-05-01-bad.md"
    bad.write_text(GOOD_HEADER.replace("Kind: post", "Kind: motoin") + "\nBody.\n", encoding="utf-8")
    result = run_build(content_copy, previous_output)
    assert result.returncode != 0
    assert "2021-05-01-bad.md:4: unknown kind 'motoin'" in result.stderr
    assert "did you mean 'motion'?" in result.stderr


def test_good_build_replaces_previous_output(content_copy, previous_output):
    result = run_build(content_copy, previous_output)
    assert result.returncode == 0, result.stderr
    assert "the last good site" not in (previous_output / "index.html").read_text()
    assert not (previous_output / "section" / "x.html").exists()
