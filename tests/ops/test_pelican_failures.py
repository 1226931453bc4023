"""What Pelican only logs (a missing Title or Date, an unresolvable {filename} link) stops the
build with file, line and fix, found by the plugin, not by reading Pelican's log text."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run_build
from tests.ops.conftest import OPS_ROOT
from tests.ops.test_cache_integrity import tree

HEADER = "Title: A test post\nDate: 2021-05-01\nCategory: Campaigns\nSummary: A test.\n"
LOOKED = "{c}/posts/campaigns"
FIX_LINK = "check the spelling; write the path from content/, e.g. {filename}/posts/news/2021-01-20-welcome.md"
NO_TITLE = "there is no Title — add a first line `Title: The headline`, followed by the other fields"
NO_SUMMARY = "there is no Summary — add a line `Summary: ...`: one or two sentences, at most 300 characters"
# What the build says (the check's own pass, run before Pelican), and what Pelican alone (plain
# `pelican`, no check first) is stopped with by the plugin: the same file and line either way.
CASES = {
    "no title": ("posts/campaigns/2021-05-01-no-title.md", "Date: 2021-05-01\nCategory: Campaigns\n\nBody.\n",
                 ["{f}:1: " + NO_SUMMARY, "{f}:1: " + NO_TITLE],
                 "{f}:1: this file has no Title — add a line `Title: ...` to the header at the top"),
    "page without title": ("pages/untitled.md", "Slug: untitled\n\nA page.\n", ["{f}:1: " + NO_TITLE],
                           "{f}:1: this file has no Title — add a line `Title: ...` to the header at the top"),
    "broken filename link": ("posts/campaigns/2021-05-01-link.md",
                             HEADER + "\nFirst line.\n\nSee [this]({filename}/posts/campaigns/no-such-post.md).\n",
                             ["{f}:8: the link {filename}/posts/campaigns/no-such-post.md points to no file (looked for "
                              + LOOKED + "/no-such-post.md) — " + FIX_LINK],
                             "{f}:8: link to '/posts/campaigns/no-such-post.md' points to a file that does not exist"),
    "relative link": ("posts/campaigns/2021-05-01-rel.md", HEADER + "\nSee [that]({filename}nope.md).\n",
                      ["{f}:6: the link {filename}nope.md points to no file (looked for " + LOOKED + "/nope.md) — "
                       + FIX_LINK],
                      "{f}:6: link to 'nope.md' points to a file that does not exist"),
}
DRAFT = "Title: A draft\nDate: 2021-05-02\nCategory: Campaigns\nStatus: draft\nSummary: x.\n\nNot yet.\n"


@pytest.mark.parametrize("case", CASES)
def test_pelican_skips_become_problems_with_file_and_line(ops_build, tmp_path, case):
    rel, text, expected, _ = CASES[case]
    content = tmp_path / "content"
    shutil.copytree(OPS_ROOT, content)
    (content / rel).write_text(text, encoding="utf-8")
    (content / "posts" / "campaigns" / "2021-05-02-draft.md").write_text(DRAFT, encoding="utf-8")
    output = tmp_path / "output"
    shutil.copytree(ops_build.output, output)
    before = tree(output)
    result = run_build(content, output)
    assert result.returncode == 1, result.stdout + result.stderr
    shown = str(content / rel)
    lines = result.stderr.splitlines()
    assert lines[0] == f"Build failed; the previous site in {output}/ is unchanged."
    assert lines[1:] == [line.replace("{f}", shown).replace("{c}", str(content)) for line in expected]
    assert tree(output) == before


@pytest.mark.parametrize("case", CASES)
def test_plain_pelican_is_stopped_by_the_plugin_at_the_same_line(tmp_path, case):
    rel, text, _, expected = CASES[case]
    content = tmp_path / "content"
    shutil.copytree(OPS_ROOT, content)
    (content / rel).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o",
                           str(tmp_path / "out"), "-e", 'CAMPAIGN_TODAY="2026-11-21"'],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "1000"},
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode != 0
    said = " ".join((done.stdout + done.stderr).split())
    assert expected.replace("{f}", str(content / rel)) in said or expected.replace("{f}", rel) in said, said[-2000:]
