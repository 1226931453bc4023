"""Helpers for the issue-14 tests: copy a tree from tests/roots/, build it for real, read its problems."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT, BuiltSite, run_build

ROOTS = ROOT / "tests" / "roots"
# Header text is plain text with its character references read (sanitise.made_safe); Typogrify
# then curls straight quotes, which is all a reader sees change.
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def plain(text: str) -> str:
    """`text` as a comparison sees it: curly quotes straight, runs of white space one space."""
    return " ".join(text.translate(_CURLY).split())


def project(name: str, folder: Path) -> Path:
    """A project folder: the real pelicanconf.py and a copy of tests/roots/<name>/content."""
    shutil.copy(ROOT / "pelicanconf.py", folder / "pelicanconf.py")
    shutil.copytree(ROOTS / name / "content", folder / "content")
    return folder


def build(folder: Path) -> tuple[subprocess.CompletedProcess, BuiltSite]:
    """Build `folder`/content into `folder`/output, with its own caches."""
    result = run_build(folder / "content", folder / "output", env={"CAMPAIGN_CACHE_PATH": str(folder / "cache")})
    return result, BuiltSite(folder / "output")


def problems(result: subprocess.CompletedProcess, folder: Path) -> list[str]:
    """The `path:line: what — fix` lines a failed build printed, paths relative to `folder`."""
    prefix = f"{folder.resolve()}/"
    lines = (result.stderr + result.stdout).replace(prefix, "").splitlines()
    return sorted(line for line in lines if re.match(r"^content/\S+:\d+: ", line))
