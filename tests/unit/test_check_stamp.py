"""Issue 18: `make html` keeps a clean check's verdict while nothing the check reads changes,
and never keeps a verdict with problems."""
from __future__ import annotations

import shutil

from campaign.html import STAMP, check_unless_unchanged

from tests.conftest import ROOT


def test_a_clean_check_is_kept_until_a_file_changes(tmp_path, capsys):
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    shutil.copytree(ROOT / "tests" / "roots" / "preview-small", tmp_path / "content")
    # That root leaves some summaries out on purpose (listings then show the text); the check wants them.
    for post in (tmp_path / "content").rglob("*.md"):
        text = post.read_text(encoding="utf-8")
        if "\nSummary:" not in text:
            post.write_text(text.replace("\n", "\nSummary: A short summary.\n", 1), encoding="utf-8")
    assert check_unless_unchanged(tmp_path) == 0
    assert "no problems" in capsys.readouterr().out
    assert (tmp_path / STAMP).is_file()
    assert check_unless_unchanged(tmp_path) == 0
    assert "nothing changed since the last clean check" in capsys.readouterr().out
    post = tmp_path / "content" / "posts" / "post-04.md"
    post.write_text(post.read_text(encoding="utf-8").replace("Category: Campaigns", "Category: Campains"),
                    encoding="utf-8")
    assert check_unless_unchanged(tmp_path) == 1
    assert "post-04.md:4:" in capsys.readouterr().out
    assert check_unless_unchanged(tmp_path) == 1  # a verdict with problems is never kept
    assert "post-04.md:4:" in capsys.readouterr().out
