"""The `ops` content tree (tests/roots/ops): several leaflets, a motion, an event, pages.

Built once per session with a cache of its own; tests that break caches or outputs copy it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_build

OPS_ROOT = ROOT / "tests" / "roots" / "ops"


@dataclass
class OpsBuild:
    """A finished build of the ops tree: its output, its cache and what it printed."""

    output: Path
    cache: Path
    stdout: str
    stderr: str


def build_ops(base: Path, *, content: Path = OPS_ROOT, settings: str = "pelicanconf.py") -> OpsBuild:
    """Build `content` into base/output with the cache base/cache; fail the test if it fails."""
    result = run_build(content, base / "output", settings=settings, env={"CAMPAIGN_CACHE_PATH": str(base / "cache")})
    assert result.returncode == 0, result.stderr + result.stdout
    return OpsBuild(base / "output", base / "cache", result.stdout, result.stderr)


@pytest.fixture(scope="session")
def ops_build(tmp_path_factory) -> OpsBuild:
    """The ops tree, built once, cold (an empty cache of its own)."""
    return build_ops(tmp_path_factory.mktemp("ops"))
