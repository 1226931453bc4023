"""A build stopped by SIGTERM or SIGINT leaves no worker running, no temporary folder, and the
previous site as it was.

The real build command runs in a subprocess on the ops tree with an empty cache, so it starts
reader workers (content cache on) or PDF workers (content cache off). The signal is sent as
soon as a worker exists. Every process the build started carries a marker in its environment,
so one that outlived the build is found in /proc even after it was re-parented.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import BUILD_DAY, ROOT, settings_with
from tests.ops.conftest import OPS_ROOT
from tests.ops.test_cache_integrity import tree

MARKER = "CAMPAIGN_TEST_BUILD_MARK"


def marked_processes(token: str) -> list[int]:
    """Every live process whose environment holds our marker with `token` (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"{MARKER}={token}".encode() not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def start_build(content: Path, output: Path, cache: Path, token: str, settings: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", settings, "--output", str(output),
           "--content", str(content), "--today", BUILD_DAY]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_CACHE_PATH": str(cache), MARKER: token}
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("stage", ["reader workers", "PDF workers"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stopped_build_leaves_nothing_behind(ops_build, tmp_path, stage, signum):
    # A bigger copy of the tree (more files to read, more PDFs), so the workers run a while.
    content = tmp_path / "content"
    shutil.copytree(OPS_ROOT, content)
    for n in range(12):
        source = content / "posts" / "leaflets" / f"2021-0{n % 6 + 1}-01-leaflet-{n % 6 + 1}.md"
        text = source.read_text().replace("Title: Test leaflet number", f"Title: Copy {n} of leaflet")
        (source.parent / f"2022-0{n % 9 + 1}-0{n % 7 + 1}-copy-{n}.md").write_text(text)
    output = tmp_path / "site" / "output"
    shutil.copytree(ops_build.output, output)  # the previous site, which must stay as it is
    before = tree(output)
    settings = "pelicanconf.py" if stage == "reader workers" else settings_with(tmp_path, CAMPAIGN_CONTENT_CACHE=False)
    token = uuid.uuid4().hex
    build = start_build(content, output, tmp_path / "cache", token, settings)
    try:
        deadline = time.monotonic() + 120
        while not children(build.pid):
            assert build.poll() is None, "the build ended before it started any worker: " + build.stderr.read()
            assert time.monotonic() < deadline, "no worker started within two minutes"
            time.sleep(0.01)
        workers = children(build.pid)
        build.send_signal(signum)
        stdout, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert workers
    assert build.returncode == 128 + signum, stdout + stderr
    assert f"Build stopped ({signal.Signals(signum).name}); the previous site" in stderr
    assert "Traceback" not in stderr
    time.sleep(0.2)  # a killed worker needs a moment to leave /proc
    assert marked_processes(token) == []
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]
    assert not list((tmp_path / "cache").rglob(".make-*"))
    assert not list(tmp_path.glob("cache/**/*.tmp"))
    assert tree(output) == before


def test_folders_of_a_build_killed_outright_are_removed_by_the_next(ops_build, tmp_path):
    # SIGKILL cannot be caught: the next build of the same output removes what it left.
    output = tmp_path / "site" / "output"
    shutil.copytree(ops_build.output, output)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=False)
    pid = int(dead.stdout)
    for name in (f".build-output-{pid}", f".output.old-{pid}"):
        (output.parent / name / "sub").mkdir(parents=True)
    token = uuid.uuid4().hex
    build = start_build(OPS_ROOT, output, ops_build.cache, token, "pelicanconf.py")
    _stdout, stderr = build.communicate(timeout=300)
    assert build.returncode == 0, stderr
    assert sorted(p.name for p in output.parent.iterdir()) == ["output"]


def test_a_build_killed_outright_takes_its_workers_with_it(ops_build, tmp_path):
    # SIGKILL cannot be handled; the workers are told by the kernel to die with the build.
    content = tmp_path / "content"
    shutil.copytree(OPS_ROOT, content)
    token = uuid.uuid4().hex
    settings = settings_with(tmp_path, CAMPAIGN_CONTENT_CACHE=False)
    build = start_build(content, tmp_path / "site" / "output", tmp_path / "cache", token, settings)
    try:
        deadline = time.monotonic() + 120
        while not children(build.pid):
            assert build.poll() is None, build.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.01)
        build.kill()
        build.communicate(timeout=30)  # reads and closes the pipes
    finally:
        if build.poll() is None:
            build.kill()
    deadline = time.monotonic() + 10
    while marked_processes(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert marked_processes(token) == []
