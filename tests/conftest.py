"""One real build per test session, shared; each page parsed once (Sphinx's test-suite model)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
# Tests build "as of" a fixed day so upcoming/closed wording never drifts with the calendar.
BUILD_DAY = "2026-11-21"


@dataclass
class BuiltSite:
    """A built output folder with cached parsing."""

    root: Path
    _soups: dict = field(default_factory=dict)

    def path(self, rel: str) -> Path:
        p = self.root / rel.lstrip("/")
        return p / "index.html" if p.is_dir() else p

    def text(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def soup(self, rel: str) -> BeautifulSoup:
        if rel not in self._soups:
            self._soups[rel] = BeautifulSoup(self.text(rel), "html.parser")
        return self._soups[rel]

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))


def run_build(content: Path, output: Path, *, settings: str = "pelicanconf.py", today: str = BUILD_DAY,
              env: dict | None = None) -> subprocess.CompletedProcess:
    """The real build command, in a subprocess, as `make html` runs it."""
    cmd = [sys.executable, "-m", "campaign.build", "--settings", settings, "--output", str(output),
           "--content", str(content), "--today", today]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **(env or {})}
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """The real content, built once with the real settings."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_build(ROOT / "content", out)
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(out)


def settings_with(folder: Path, **values) -> str:
    """A settings file that is pelicanconf.py with `values` changed; its path, for run_build."""
    path = folder / "conf_{}.py".format("_".join(f"{k}_{v}" for k, v in sorted(values.items())) or "plain")
    lines = [f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F401,F403\n"]
    lines += [f"{name} = {value!r}\n" for name, value in values.items()]
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


#: Pages per search-index part in `parted_site`: small, so the real content makes several parts.
SMALL_SEARCH_PARTS = 8


@pytest.fixture(scope="session")
def parted_site(tmp_path_factory) -> BuiltSite:
    """The real content built with its search index in parts, as a large site's would be."""
    base = tmp_path_factory.mktemp("parted")
    conf = settings_with(base, CAMPAIGN_SEARCH_PART_PAGES=SMALL_SEARCH_PARTS)
    result = run_build(ROOT / "content", base / "output", settings=conf, env={"CAMPAIGN_CACHE_PATH": str(base / "cache")})
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(base / "output")


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/ that a test may break."""
    dest = tmp_path / "content"
    shutil.copytree(ROOT / "content", dest)
    return dest


@cache
def post_sources() -> list[Path]:
    return sorted((ROOT / "content" / "posts").rglob("*.md"))
