"""The posts' shown paths, worked out a folder at a time (content/shown.py), are exactly what
errors.shown_path says, linked folders and files, files outside the project and missing ones too."""
from __future__ import annotations

from campaign.content.shown import ShownPaths
from campaign.errors import shown_path


def test_shown_paths_are_errors_shown_path(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "content/posts").mkdir(parents=True)
    (project / "content/posts/a.md").write_text("x")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/b.md").write_text("x")
    (project / "content/linked").symlink_to(tmp_path / "elsewhere")
    (project / "content/posts/c.md").symlink_to(project / "content/posts/a.md")
    (project / "content/posts/out.md").symlink_to(tmp_path / "elsewhere/b.md")
    monkeypatch.chdir(project)
    paths = [str(project / "content/posts/a.md"), "content/posts/a.md", "content/./posts/../posts/a.md",
             str(project / "content/linked/b.md"), "content/posts/c.md", "content/posts/out.md",
             str(tmp_path / "elsewhere/b.md"), "content/posts/missing.md", str(project)]
    shown = ShownPaths()
    paths += [tmp_path / "elsewhere/b.md", "../elsewhere/b.md", "../elsewhere/missing.md"]
    for path in paths * 2:  # the second time from its folder memo
        assert shown(path) == shown_path(path), path

