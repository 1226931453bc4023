"""`make publish` to real folders, real symlinks, a real read-only target and a real bare git
repository: the releases layout (releases/ plus a `current` symlink switched in one rename),
and every target that cannot be written refused before the build, with the fix, leaving nothing.

The site published is a real build of the ops tree (made once); publishing copies it.
Read-only targets are made so that root, who runs the tests, is refused too: a path through a
file, a folder made immutable with chattr, and a read-only bind mount in a mount namespace of
the publishing process's own (unshare), so the machine's mounts are never touched.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from campaign.tools import publish as pub
from tests.conftest import ROOT, git
from tests.ops.test_cache_integrity import tree


def listing(folder: Path) -> list[str]:
    """Every path under `folder`, symlinks shown with their target: what 'no litter' compares."""
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found.append(f"{rel} -> {os.readlink(path)}" if path.is_symlink() else rel)
    return found


@pytest.fixture
def copy_of_build(ops_build):
    calls = []

    def build(out: str) -> None:
        calls.append(out)
        shutil.copytree(ops_build.output, out)
    build.calls = calls  # type: ignore[attr-defined]  # the test reads what the build it handed over did
    return build


def must_not_build(out: str) -> None:
    raise AssertionError("built although the target cannot be written")


@pytest.fixture
def scratch_tmp(tmp_path, monkeypatch) -> Path:
    """The temporary folder publishing uses (gh-pages, rsync), to see that it is left empty."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def releases_env(monkeypatch, base: Path, keep: int | None = None) -> None:
    monkeypatch.setenv("PUBLISH_TARGET", "releases")
    monkeypatch.setenv("PUBLISH_DIR", str(base))
    if keep:
        monkeypatch.setenv("PUBLISH_KEEP_RELEASES", str(keep))


def test_releases_switch_current_and_keep_the_newest(tmp_path, monkeypatch, copy_of_build, ops_build, capsys):
    base = tmp_path / "www" / "site"
    releases_env(monkeypatch, base, keep=2)
    seen = []
    for _ in range(3):
        where = pub.publish(ROOT, None, build=copy_of_build)
        current = base / "current"
        assert current.is_symlink()
        target = os.readlink(current)
        assert target.startswith("releases/") and not os.path.isabs(target)  # the layout can move
        assert where == f"{current} -> {target}"
        assert tree(current) == tree(ops_build.output)
        seen.append(target)
    assert len(set(seen)) == 3
    # Two kept (PUBLISH_KEEP_RELEASES=2), the newest two; nothing else lies about.
    assert listing(base)[:1] == [f"current -> {seen[-1]}"]
    assert sorted(p.name for p in (base / "releases").iterdir()) == sorted(Path(s).name for s in seen[1:])
    assert sorted(p.name for p in base.iterdir()) == ["current", "releases"]
    assert f"Published to {base}/current -> {seen[-1]}" in capsys.readouterr().out


def test_a_failed_build_leaves_the_releases_as_they_were(tmp_path, monkeypatch, copy_of_build):
    base = tmp_path / "site"
    releases_env(monkeypatch, base)
    pub.publish(ROOT, None, build=copy_of_build)
    before = listing(base)

    def failing(out: str) -> None:
        Path(out).mkdir()
        (Path(out) / "half.html").write_text("half a site")
        raise SystemExit("Build failed; the previous site in x/ is unchanged.\nposts/a.md:3: unknown section")

    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, None, build=failing)
    assert "posts/a.md:3: unknown section" in str(failed.value.code)
    assert f"Nothing was published: {base}/current is as it was." in str(failed.value.code)
    assert listing(base) == before


def test_a_first_release_that_fails_leaves_no_folder(tmp_path, monkeypatch):
    base = tmp_path / "new" / "site"
    releases_env(monkeypatch, base)

    def failing(out: str) -> None:
        raise SystemExit("Build failed.")

    with pytest.raises(pub.PublishFailed):
        pub.publish(ROOT, None, build=failing)
    assert list(tmp_path.iterdir()) == []


def test_a_current_folder_is_refused_with_the_commands_that_fix_it(tmp_path, monkeypatch):
    base = tmp_path / "site"
    (base / "current").mkdir(parents=True)
    (base / "current" / "index.html").write_text("the old site")
    releases_env(monkeypatch, base)
    before = listing(base)
    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, None, build=must_not_build)
    message = str(failed.value.code)
    assert f"{base}/current is a folder or file, not a symlink" in message
    assert f"mv {base}/current {base}/releases/first && ln -s releases/first {base}/current" in message
    assert listing(base) == before


def test_a_symlinked_publish_dir_is_refused_under_the_folder_target(tmp_path, monkeypatch):
    real = tmp_path / "releases" / "one"
    real.mkdir(parents=True)
    (real / "index.html").write_text("the live site")
    link = tmp_path / "current"
    link.symlink_to("releases/one")
    monkeypatch.setenv("PUBLISH_DIR", str(link))
    before = listing(tmp_path)
    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, "folder", build=must_not_build)
    message = str(failed.value.code)
    assert f"PUBLISH_DIR '{link}' is a symlink (to releases/one)" in message
    assert f"set PUBLISH_DIR to the folder it points to ({real})" in message
    assert f"PUBLISH_TARGET=releases and PUBLISH_DIR={tmp_path}" in message
    assert listing(tmp_path) == before  # the link is still a link, the site unchanged


def test_the_fix_it_names_works(tmp_path, monkeypatch, copy_of_build, ops_build):
    # The same layout, published as the refusal above says: the link is switched, not replaced.
    real = tmp_path / "releases" / "one"
    real.mkdir(parents=True)
    (tmp_path / "current").symlink_to("releases/one")
    releases_env(monkeypatch, tmp_path)
    pub.publish(ROOT, None, build=copy_of_build)
    assert (tmp_path / "current").is_symlink() and os.readlink(tmp_path / "current") != "releases/one"
    assert tree(tmp_path / "current") == tree(ops_build.output)


@pytest.mark.parametrize("target", ["folder", "releases"])
def test_a_path_through_a_file_is_refused(tmp_path, monkeypatch, target):
    (tmp_path / "afile").write_text("not a folder")
    monkeypatch.setenv("PUBLISH_DIR", str(tmp_path / "afile" / "site"))
    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, target, build=must_not_build)
    assert f"PUBLISH_DIR: {tmp_path / 'afile'} is a file, so" in str(failed.value.code)
    assert listing(tmp_path) == ["afile"]


@pytest.fixture
def immutable(tmp_path):
    """A folder root cannot write in either (chattr +i), made writable again afterwards."""
    folder = tmp_path / "locked"
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "index.html").write_text("the live site")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.skip(f"chattr +i does not work on this filesystem: {done.stderr.strip()}")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.mark.parametrize("target, publish_dir", [("folder", "site"), ("releases", "")])
def test_an_immutable_target_is_refused_before_the_build(immutable, monkeypatch, target, publish_dir):
    monkeypatch.setenv("PUBLISH_DIR", str(immutable / publish_dir))
    before = listing(immutable)
    with pytest.raises(pub.PublishFailed) as failed:
        pub.publish(ROOT, target, build=must_not_build)
    assert f"PUBLISH_DIR: cannot write in {immutable} (Operation not permitted)" in str(failed.value.code)
    assert "Nothing was published." in str(failed.value.code)
    assert listing(immutable) == before


DRIVER = """
import os, shutil, sys
sys.path[:0] = [{root!r}, {plugins!r}]
from campaign.tools import publish
try:
    publish.publish(__import__("pathlib").Path({root!r}), None, build=lambda out: shutil.copytree({site!r}, out))
except publish.PublishFailed as err:  # as tasks.py's `publish` does
    sys.exit(str(err))
"""


@pytest.mark.parametrize("target", ["folder", "releases"])
def test_a_read_only_mount_is_refused_with_a_clear_message(tmp_path, ops_build, target):
    if not shutil.which("unshare"):
        pytest.skip("unshare (util-linux) is not installed")
    base = tmp_path / "www"
    (base / "site").mkdir(parents=True)
    (base / "site" / "index.html").write_text("the live site")
    before = listing(base)
    code = DRIVER.format(root=str(ROOT), plugins=str(ROOT / "plugins"), site=str(ops_build.output))
    env = {**os.environ, "PUBLISH_TARGET": target, "PUBLISH_DIR": str(base / "site" if target == "folder" else base)}
    # The read-only mount exists only in the publishing process's own mount namespace.
    done = subprocess.run(["unshare", "-m", "--", "sh", "-c", 'mount --bind -o ro "$1" "$1" && exec "$2" -c "$3"',
                           "sh", str(base), sys.executable, code], env=env, capture_output=True, text=True, timeout=120, check=False)
    if done.stderr.startswith(("mount:", "unshare:")):
        pytest.skip("this machine does not allow a mount namespace: " + done.stderr.strip())
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"PUBLISH_DIR: cannot write in {base} (Read-only file system)" in done.stderr
    assert "Traceback" not in done.stderr
    assert listing(base) == before


def test_gh_pages_publishes_to_a_bare_repository_and_leaves_no_scratch(bare, scratch_tmp, copy_of_build, ops_build):
    pub.publish(ROOT, "gh-pages", build=copy_of_build)
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=bare).split())
    assert set(tree(ops_build.output)) <= files
    assert list(scratch_tmp.iterdir()) == []


def test_gh_pages_to_a_repository_that_refuses_writes_fails_cleanly(bare, scratch_tmp, copy_of_build):
    pub.publish(ROOT, "gh-pages", build=copy_of_build)
    head = git("rev-parse", "gh-pages", cwd=bare)
    done = subprocess.run(["chattr", "-R", "+i", str(bare)], capture_output=True, text=True, check=False)
    if done.returncode:
        pytest.skip(f"chattr +i does not work on this filesystem: {done.stderr.strip()}")
    try:
        with pytest.raises(pub.PublishFailed) as failed:
            pub.publish(ROOT, "gh-pages", build=lambda out: (copy_of_build(out), Path(out, "new.html").write_text("x")))
    finally:
        subprocess.run(["chattr", "-R", "-i", str(bare)], check=True)
    assert "could not push gh-pages to" in str(failed.value.code)
    assert "Nothing was published" in str(failed.value.code)
    assert git("rev-parse", "gh-pages", cwd=bare) == head
    assert list(scratch_tmp.iterdir()) == []


def invoke_publish(env: dict) -> subprocess.CompletedProcess:
    """`invoke publish`, what `make publish` runs: check, production build of content/, publish."""
    return subprocess.run([str(ROOT / ".venv/bin/invoke"), "publish"], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=600, check=False)


def test_invoke_publish_refuses_with_exit_1_and_no_traceback(tmp_path):
    (tmp_path / "releases" / "one").mkdir(parents=True)
    (tmp_path / "current").symlink_to("releases/one")
    before = listing(tmp_path)
    done = invoke_publish({"PUBLISH_TARGET": "folder", "PUBLISH_DIR": str(tmp_path / "current")})
    assert done.returncode == 1
    assert f"PUBLISH_DIR '{tmp_path / 'current'}' is a symlink (to releases/one)" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert listing(tmp_path) == before


def test_invoke_publish_to_releases_end_to_end(tmp_path):
    done = invoke_publish({"PUBLISH_TARGET": "releases", "PUBLISH_DIR": str(tmp_path), "CAMPAIGN_TODAY": "2026-11-21",
                           "CAMPAIGN_CACHE_PATH": str(tmp_path.parent / "publish-cache")})
    assert done.returncode == 0, done.stdout + done.stderr
    target = os.readlink(tmp_path / "current")
    assert f"Published to {tmp_path}/current -> {target}" in done.stdout
    home = (tmp_path / "current" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://labourinexile.org/' in home, "not built with publishconf.py"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "releases"]
    assert [p.name for p in (tmp_path / "releases").iterdir()] == [Path(target).name]
