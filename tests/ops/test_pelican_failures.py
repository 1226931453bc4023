"""What Pelican only logs (a missing Title or Date, an unresolvable {filename} link) stops the
build with file, line and fix, found by the plugin, not by reading Pelican's log text."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import run_build
from tests.ops.conftest import OPS_ROOT
from tests.ops.test_cache_integrity import tree

HEADER = "Title: A test post\nDate: 2021-05-01\nCategory: Campaigns\nSummary: A test.\n"
FIX_LINK = "correct the path (it starts at content/, e.g. {filename}/posts/<section>/<file>.md)"
CASES = {
    "no title": ("posts/campaigns/2021-05-01-no-title.md", "Date: 2021-05-01\nCategory: Campaigns\n\nBody.\n",
                 ["{f}:1: this file has no Title — add a line `Title: ...` to the header at the top"]),
    # No date in the header nor in the file's name (Pelican reads a leading YYYY-MM-DD there).
    "no date": ("posts/campaigns/undated.md", "Title: Undated\nCategory: Campaigns\n\nBody.\n",
                ["{f}:1: this file has no Date — add a line `Date: ...` to the header at the top"]),
    "page without title": ("pages/untitled.md", "Slug: untitled\n\nA page.\n",
                           ["{f}:1: this file has no Title — add a line `Title: ...` to the header at the top"]),
    "broken filename link": ("posts/campaigns/2021-05-01-link.md",
                             HEADER + "\nFirst line.\n\nSee [this]({filename}/posts/campaigns/no-such-post.md).\n",
                             ["{f}:8: link to '/posts/campaigns/no-such-post.md' points to a file that does not exist"
                              " — " + FIX_LINK]),
    "relative link": ("posts/campaigns/2021-05-01-rel.md", HEADER + "\nSee [that]({filename}nope.md).\n",
                      ["{f}:6: link to 'nope.md' points to a file that does not exist — " + FIX_LINK]),
}
DRAFT = "Title: A draft\nDate: 2021-05-02\nCategory: Campaigns\nStatus: draft\nSummary: x.\n\nNot yet.\n"


@pytest.mark.parametrize("case", CASES)
def test_pelican_skips_become_problems_with_file_and_line(ops_build, tmp_path, case):
    rel, text, expected = CASES[case]
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
    assert lines[1:] == [line.replace("{f}", shown) for line in expected]
    assert tree(output) == before
