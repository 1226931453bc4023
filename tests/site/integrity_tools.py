"""Helpers for the issue-14 tests: a project folder made from a root under tests/roots/, both
judgements over it (the check's code path and the real build), and a search of every output form."""
from __future__ import annotations

import gzip
import shutil
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from campaign.checks import site as checks
from tests.conftest import ROOT, run_build

ROOTS = ROOT / "tests" / "roots"
# Builds "as of" 14:00 on the day the integrity root's embargoed release goes out at 23:30.
INSTANT = "2021-09-08 14:00"


def make_project(folder: Path, root: str = "integrity", today: str = INSTANT, **settings) -> Path:
    """`folder` with content/ copied from tests/roots/<root> and a pelicanconf.py that is the real
    one with CAMPAIGN_TODAY (and `settings`) set; its path."""
    shutil.copytree(ROOTS / root, folder / "content")
    # The real settings, run as a file: `from pelicanconf import *` would import this file itself.
    lines = [(f"import runpy\nglobals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r})"
             ".items() if not k.startswith('__')})\n"),
             f"THEME = {str(ROOT / 'theme')!r}\nCAMPAIGN_TODAY = {today!r}\n"]
    lines += [f"{name} = {value!r}\n" for name, value in settings.items()]
    (folder / "pelicanconf.py").write_text("".join(lines), encoding="utf-8")
    return folder


@dataclass
class Verdicts:
    """What `make check`'s code path and the real build said about one project."""

    check: list[str]
    build_code: int
    build_out: str

    @property
    def agree(self) -> bool:
        return bool(self.check) == (self.build_code != 0)


def judge(project: Path, today: str = INSTANT, cache: Path | None = None) -> Verdicts:
    """Run checks.check_site (what `make check` runs) and the build over `project`."""
    _count, problems = checks.check_site(project)
    out = project / "output"
    result = run_build(project / "content", out, settings=str(project / "pelicanconf.py"), today=today,
                       env={"CAMPAIGN_CACHE_PATH": str(cache or project / "cache")})
    return Verdicts([str(p) for p in problems], result.returncode, result.stderr + result.stdout)


def forms(path: Path) -> list[bytes]:
    """Every form in which `path` could hold words: raw, un-gzipped (Pagefind's files too), un-brotlied,
    PDF text and metadata."""
    data = path.read_bytes()
    found = [data]
    while data[:2] == b"\x1f\x8b":  # gzip, whatever the file is called (Pagefind's fragments too)
        data = gzip.decompress(data)
        found.append(data)
    if path.suffix == ".br":
        import brotli
        found.append(brotli.decompress(data))
    if data[:5] == b"%PDF-":
        from pypdf import PdfReader
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf's notes on PDF details are not our concern here
            reader = PdfReader(BytesIO(data))
            found.append("\n".join(page.extract_text() or "" for page in reader.pages).encode())
            found.append(str(reader.metadata).encode())
    return found


def find(site: Path, word: str) -> list[str]:
    """Every file or folder (relative path) whose name, or a file's contents in any form, holds
    `word` (any case)."""
    needle = word.lower().encode()
    hits = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if needle in rel.lower().encode() or (path.is_file() and any(needle in form.lower() for form in forms(path))):
            hits.append(rel)
    return hits
