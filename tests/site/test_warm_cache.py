"""A cold build reads its Markdown on every core first; the site is the same as when Pelican alone
reads it (the kinds root), and the mistakes root gives the same exact list.

Workers start only when at least campaign.markdown.read_ahead.MIN_FILES files are missing from the cache."""
from __future__ import annotations

import filecmp

from campaign.markdown.read_ahead import MIN_FILES
from tests.conftest import ROOTS, run_build, settings_with


def _settings(tmp_path, workers: int):
    return settings_with(tmp_path, base="rootconf", CAMPAIGN_READ_WORKERS=workers)


def _env(cache) -> dict:
    # Wide enough that the log line naming the worker processes is not wrapped.
    return {"CAMPAIGN_CACHE_PATH": str(cache), "COLUMNS": "250"}


def _same(a, b) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same(a / d, b / d) for d in cmp.common_dirs)


def test_parallel_read_gives_the_same_site(tmp_path):
    assert len(list((ROOTS / "kinds").rglob("*.md"))) >= MIN_FILES
    parallel = run_build(ROOTS / "kinds", tmp_path / "parallel", settings=_settings(tmp_path, 2),
                         env=_env(tmp_path / "cache-a"))
    assert parallel.returncode == 0, parallel.stderr
    assert "not in the content cache, in 2 processes" in parallel.stdout + parallel.stderr
    serial = run_build(ROOTS / "kinds", tmp_path / "serial", settings=_settings(tmp_path, 1),
                       env=_env(tmp_path / "cache-b"))
    assert serial.returncode == 0, serial.stderr
    assert "in 2 processes" not in serial.stdout + serial.stderr
    assert _same(tmp_path / "parallel", tmp_path / "serial")
