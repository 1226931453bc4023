"""A cold build reads its Markdown on every core first (issue 10); the site is the same as when
Pelican alone reads it, and a mistake is still reported with its file and line."""
from __future__ import annotations

import filecmp

from tests.conftest import run_build, settings_with


def _settings(tmp_path, workers: int):
    return settings_with(tmp_path, CAMPAIGN_READ_WORKERS=workers)


def _env(cache) -> dict:
    # Wide enough that the log line naming the worker processes is not wrapped.
    return {"CAMPAIGN_CACHE_PATH": str(cache), "COLUMNS": "250"}


def _same(a, b) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same(a / d, b / d) for d in cmp.common_dirs)


def test_parallel_read_gives_the_same_site(content_copy, tmp_path):
    parallel = run_build(content_copy, tmp_path / "parallel", settings=_settings(tmp_path, 2),
                         env=_env(tmp_path / "cache-a"))
    assert parallel.returncode == 0, parallel.stderr
    assert "not in the content cache, in 2 processes" in parallel.stdout + parallel.stderr
    serial = run_build(content_copy, tmp_path / "serial", settings=_settings(tmp_path, 1),
                       env=_env(tmp_path / "cache-b"))
    assert serial.returncode == 0, serial.stderr
    assert "in 2 processes" not in serial.stdout + serial.stderr
    assert _same(tmp_path / "parallel", tmp_path / "serial")


def test_a_mistake_read_in_a_worker_is_still_reported_with_its_line(content_copy, tmp_path):
    post = content_copy / "posts" / "campaigns" / "2021-07-14-save-the-nhs.md"
    lines = post.read_text().splitlines()
    assert lines[1].startswith("Date:")
    lines[1] = "Date: 2021-13-45"
    post.write_text("\n".join(lines) + "\n")
    result = run_build(content_copy, tmp_path / "out", settings=_settings(tmp_path, 2),
                       env=_env(tmp_path / "cache"))
    assert "not in the content cache, in 2 processes" in result.stdout + result.stderr
    assert result.returncode != 0
    assert "2021-07-14-save-the-nhs.md:2" in result.stderr
    assert not (tmp_path / "out").exists()
