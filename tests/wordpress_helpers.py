"""A small project folder (pelicanconf.py + content/) for the WordPress import tests, and the command."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import BUILD_DAY, ROOT

FIXTURES = ROOT / "tests" / "roots" / "wordpress"
EXPORT = FIXTURES / "export.xml"
UPLOADS = FIXTURES / "uploads"
MAP = FIXTURES / "wordpress-map.toml"

# The real settings, run as a file: Pelican loads this file as the module `pelicanconf`, so
# `from pelicanconf import *` here would import this file itself.
_CONF = f"""import runpy
globals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items() if not k.startswith('__')}})
THEME = {str(ROOT / 'theme')!r}
PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]
CAMPAIGN_TODAY = {BUILD_DAY!r}
"""


def make_project(folder: Path) -> Path:
    """tests/roots/wordpress/site copied to `folder`, with settings that are the project's own."""
    shutil.copytree(FIXTURES / "site", folder)
    (folder / "pelicanconf.py").write_text(_CONF, encoding="utf-8")
    # Pelican loads a settings file as a module named after the file: this name cannot shadow pelicanconf.
    (folder / "build_conf.py").write_text(_CONF, encoding="utf-8")
    return folder


def run_import(project: Path, *args: str, export: Path = EXPORT) -> subprocess.CompletedProcess:
    """The import command (what `make import-wordpress` runs), in a subprocess."""
    cmd = [sys.executable, "-m", "campaign.tools.wordpress", "--root", str(project), "--wxr", str(export), *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_TODAY": BUILD_DAY}
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=120, check=False)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
