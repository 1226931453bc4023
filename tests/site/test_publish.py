"""`make publish` for real: folder, gh-pages (a local bare repository) and rsync targets, and a
failed build that leaves every target exactly as it was. The site published is the kinds root's
production build; `invoke publish` itself runs on whatever content/ holds."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from campaign.tools import publish as pub
from tests.conftest import BUILD_DAY, ROOT, copy_root, git, run_build, settings_with

SECTION_PAGES = ["section/campaigns/index.html", "section/model-motions/index.html", "section/events/index.html"]
BROKEN_POST = """\
Title: Broken
Date: 2021-07-01
Category: Nowhere
Summary: A post in a section that does not exist.

Text.
"""


def tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def production_build(roots) -> Path:
    """One real production build (the kinds root's) that the target tests copy from."""
    return roots("kinds", publish=True).root


@pytest.fixture
def copy_of(production_build):
    """A build function that 'builds' by copying the production build (a real build, made once)."""
    def build(out: str) -> None:
        shutil.copytree(production_build, out)
    return build


def real_build(content: Path, settings: str):
    """The real production build of `content`, failing as tasks.py's build does (SystemExit)."""
    def build(out: str) -> None:
        result = run_build(content, Path(out), settings=settings)
        if result.returncode:
            raise SystemExit(f"Build failed; the previous site in {out}/ is unchanged.\n{result.stderr}")
    return build


def test_folder_target_swaps_the_new_site_in(tmp_path, monkeypatch, copy_of, production_build):
    dest = tmp_path / "public"
    dest.mkdir()
    (dest / "stale.html").write_text("from an older site")
    monkeypatch.setenv("PUBLISH_DIR", str(dest))
    assert pub.publish(ROOT, "folder", build=copy_of) == str(dest)
    assert tree(dest) == tree(production_build)
    assert not (dest / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"], "a staging folder was left behind"


def test_gh_pages_target_commits_the_site_and_pushes_it(tmp_path, bare, copy_of, production_build, capsys):
    branches_before = git("branch", "--list", cwd=ROOT)
    where = pub.publish(ROOT, "gh-pages", build=copy_of)
    assert where.startswith(f"{bare} branch gh-pages")
    files = git("--git-dir", str(bare), "ls-tree", "-r", "--name-only", "gh-pages").split()
    assert "index.html" in files and all(page in files for page in SECTION_PAGES)
    assert set(files) == set(tree(production_build)) | {".nojekyll", "CNAME"}
    domain = pub.read_settings(ROOT, env={}).siteurl.split("://", 1)[1]  # publishconf.py's address
    assert git("--git-dir", str(bare), "show", "gh-pages:CNAME").strip() == domain
    head = git("rev-parse", "--short=12", "HEAD", cwd=ROOT).strip()
    message = git("--git-dir", str(bare), "log", "-1", "--format=%s", "gh-pages")
    assert message.startswith(f"Publish the site from commit {head} (")
    assert git("branch", "--list", cwd=ROOT) == branches_before, "the project's own repository was changed"

    # A second publish (say, from another machine) is a new commit on top of the first.
    def changed(out: str) -> None:
        copy_of(out)
        Path(out, "index.html").write_text("<p>the newer site</p>")
    pub.publish(ROOT, "gh-pages", build=changed)
    log = git("--git-dir", str(bare), "log", "--format=%H", "gh-pages").split()
    assert len(log) == 2
    assert git("--git-dir", str(bare), "show", "gh-pages:index.html") == "<p>the newer site</p>"


def test_rsync_target_mirrors_the_site(tmp_path, monkeypatch, copy_of, production_build):
    dest = tmp_path / "www"
    (dest / "old").mkdir(parents=True)
    (dest / "old/page.html").write_text("gone after publishing")
    monkeypatch.setenv("PUBLISH_RSYNC_DEST", f"{dest}/")
    assert pub.publish(ROOT, "rsync", build=copy_of) == f"{dest}/"
    assert tree(dest) == tree(production_build)
    assert not (dest / "old").exists()


@pytest.mark.parametrize("target", ["folder", "gh-pages", "rsync"])
def test_a_failed_build_publishes_nothing(target, tmp_path, monkeypatch, bare, copy_of):
    dest = tmp_path / "published"
    monkeypatch.setenv("PUBLISH_DIR", str(dest))
    monkeypatch.setenv("PUBLISH_RSYNC_DEST", f"{dest}/")
    pub.publish(ROOT, target, build=copy_of)
    before = tree(dest) if target != "gh-pages" else git("--git-dir", str(bare), "rev-parse", "gh-pages")
    mtime = dest.stat().st_mtime_ns if target != "gh-pages" else None
    content = copy_root("minimal", tmp_path / "work")
    (content / "posts/campaigns/2021-07-01-broken.md").write_text(BROKEN_POST)
    conf = settings_with(tmp_path / "work", base="rootpublishconf")

    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, target, build=real_build(content, conf))
    message = str(failed.value.code)
    assert "content/posts/campaigns/2021-07-01-broken.md:3: unknown section 'Nowhere'" in message
    assert "Nothing was published" in message and "the previous site in" not in message
    if target == "gh-pages":
        assert git("--git-dir", str(bare), "rev-parse", "gh-pages") == before
    else:
        assert tree(dest) == before and dest.stat().st_mtime_ns == mtime
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == sorted({"work", "site.git"} | ({"published"} if target != "gh-pages" else set()))


def must_not_build(out: str) -> None:
    raise AssertionError("built although the settings were wrong")


@pytest.mark.parametrize("target, env, message", [
    ("ftp", {}, "unknown PUBLISH_TARGET 'ftp' — use one of: folder, gh-pages, rsync"),
    ("gh-pages", {"PUBLISH_GIT_REMOTE": "{tmp}/no-such-repo.git"}, "cannot reach the git remote {tmp}/no-such-repo.git"),
    ("folder", {"PUBLISH_DIR": ".."}, "PUBLISH_DIR '..' would replace the project itself"),
])
def test_wrong_settings_stop_before_the_build(target, env, message, tmp_path, monkeypatch):
    for name, value in env.items():
        monkeypatch.setenv(name, value.format(tmp=tmp_path))
    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, target, build=must_not_build)
    assert message.format(tmp=tmp_path) in str(failed.value.code)


def test_an_empty_rsync_destination_stops_before_the_build(tmp_path, monkeypatch):
    monkeypatch.delenv("PUBLISH_RSYNC_DEST", raising=False)
    (tmp_path / "publishconf.py").write_text('PUBLISH_TARGET = "rsync"\nPUBLISH_RSYNC_DEST = ""\n')
    with pytest.raises(pub.PublishFailed, match=re.escape("PUBLISH_RSYNC_DEST is empty — set it in publishconf.py")):
        pub.publish(tmp_path, None, build=must_not_build)


def test_settings_come_from_publishconf_and_the_environment_wins():
    s = pub.read_settings(ROOT, env={})
    assert (s.target, s.dir, s.git_branch, s.siteurl) == ("folder", "publish", "gh-pages", "https://labourinexile.org")
    s = pub.read_settings(ROOT, env={"PUBLISH_TARGET": "rsync", "PUBLISH_RSYNC_DEST": "me@host:/srv/"})
    assert (s.target, s.rsync_dest) == ("rsync", "me@host:/srv/")


def test_invoke_publish_runs_check_build_and_copy(tmp_path):
    """The command a volunteer runs: `invoke publish` (what `make publish` calls)."""
    dest = tmp_path / "site"
    env = {**os.environ, "PUBLISH_TARGET": "folder", "PUBLISH_DIR": str(dest), "CAMPAIGN_TODAY": BUILD_DAY}
    done = subprocess.run([str(ROOT / ".venv/bin/invoke"), "publish"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[0] == (f"Checked {len(list((ROOT / 'content').glob('p*/**/*.md')))} posts "
                                           "and pages: no problems.")
    assert f"Published to {dest}" in done.stdout
    home = (dest / "index.html").read_text(encoding="utf-8")
    assert 'href="https://labourinexile.org/' in home, "not built with publishconf.py"
    assert all((dest / page).is_file() for page in SECTION_PAGES)
