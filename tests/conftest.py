"""One real build per (content root, settings) per test session, shared; each page parsed once
(Sphinx's test-suite model).

    roots(name, ...)   a tree under tests/roots/ built once per session: asserted on by most tests
    site               whatever content/ holds, built once: only for the site-wide checks, which
                       must pass on any valid content and name none of its posts
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
#: Content trees made for the tests (tests/roots/<name>/), built with tests/roots/rootconf.py.
ROOTS = ROOT / "tests" / "roots"
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
              env: dict | None = None, args: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """The real build command, in a subprocess, as `make html` runs it (`args`: more options, e.g. --force)."""
    cmd = [sys.executable, "-m", "campaign.tools.build", "--settings", settings, "--output", str(output),
           "--content", str(content), "--today", today, *args]
    full_env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), **(env or {})}
    return subprocess.run(cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> BuiltSite:
    """Whatever content/ holds, built once with pelicanconf.py: for the site-wide checks only (they
    must pass on any valid content, so they name none of its posts)."""
    out = tmp_path_factory.mktemp("site") / "output"
    result = run_build(ROOT / "content", out)
    assert result.returncode == 0, result.stderr + result.stdout
    return BuiltSite(out)


def settings_with(folder: Path, base: str = "pelicanconf", **values) -> str:
    """A settings file that is `base` (pelicanconf, or rootconf/rootpublishconf from tests/roots/)
    with `values` changed; its path, for run_build."""
    where = ROOTS if base.startswith("root") else ROOT
    path = folder / "{}_{}.py".format(base, "_".join(f"{k}_{v}" for k, v in sorted(values.items())) or "plain")
    lines = [f"import sys\nsys.path.insert(0, {str(where)!r})\nfrom {base} import *  # noqa: F401,F403\n"]
    lines += [f"{name} = {value!r}\n" for name, value in values.items()]
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


#: Pages per search-index part for the `search` root: small, so its dozen posts make several parts.
SMALL_SEARCH_PARTS = 4


class Roots:
    """Builds tests/roots/<name>/ once per (name, settings, day) for the whole session."""

    def __init__(self, tmp_path_factory):
        self._tmp = tmp_path_factory
        self._built: dict[tuple, BuiltSite] = {}
        # One cold cache for the session: a build never reuses PDFs from an earlier test run.
        self.cache = tmp_path_factory.mktemp("roots-cache")

    def __call__(self, name: str, *, publish: bool = False, today: str = BUILD_DAY, **settings) -> BuiltSite:
        """The built site of root `name`; publish=True builds with the production settings."""
        key = (name, publish, today, tuple(sorted(settings.items())))
        if key not in self._built:
            base = self._tmp.mktemp(f"root-{name}")
            conf = settings_with(base, base="rootpublishconf" if publish else "rootconf", **settings)
            result = run_build(ROOTS / name, base / "output", settings=conf, today=today,
                               env={"CAMPAIGN_CACHE_PATH": str(self.cache)})
            assert result.returncode == 0, result.stderr + result.stdout
            self._built[key] = BuiltSite(base / "output")
        return self._built[key]


@pytest.fixture(scope="session")
def roots(tmp_path_factory) -> Roots:
    """roots("kinds") is tests/roots/kinds/ built as of BUILD_DAY, once for the session."""
    return Roots(tmp_path_factory)


@pytest.fixture(scope="session")
def kinds(roots) -> BuiltSite:
    """The root with one post of every kind (and the variants the tests need), built once."""
    return roots("kinds")


@pytest.fixture(scope="session")
def parted_site(roots) -> BuiltSite:
    """The search root built with its index in parts, as a large site's would be."""
    return roots("search", CAMPAIGN_SEARCH_PART_PAGES=SMALL_SEARCH_PARTS)


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of tests/roots/<name>/ at dest/content, that a test may change."""
    target = dest / "content"
    shutil.copytree(ROOTS / name, target)
    return target


def root_sources(name: str) -> list[Path]:
    """The Markdown posts of tests/roots/<name>/."""
    return sorted((ROOTS / name / "posts").rglob("*.md"))


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git; its output (a failure raises)."""
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def bare(tmp_path, monkeypatch) -> Path:
    """A bare repository standing in for GitHub, set as the remote through the environment."""
    repo = tmp_path / "site.git"
    git("init", "-q", "--bare", str(repo))
    monkeypatch.setenv("PUBLISH_GIT_REMOTE", str(repo))
    monkeypatch.setenv("PUBLISH_GIT_BRANCH", "gh-pages")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test publisher")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "test@example.org")
    return repo
