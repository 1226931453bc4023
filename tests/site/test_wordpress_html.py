"""The imported site's pages, redirect pages included, pass the Nu HTML Checker."""
from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import run_build
from tests.tools import run_vnu, vnu_command
from tests.wordpress_helpers import MAP, UPLOADS, make_project, run_import


def test_imported_pages_and_redirect_pages_are_valid_html(tmp_path):
    try:
        vnu_command()
    except FileNotFoundError as err:
        pytest.fail(str(err))
    project = make_project(tmp_path / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    assert run_import(project, "--apply", "--uploads", str(UPLOADS)).returncode == 0
    out = tmp_path / "output"
    built = run_build(project / "content", out, settings=str(project / "build_conf.py"),
                      env={"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")})
    assert built.returncode == 0, built.stderr
    pages = [out / "2020/01/rally-at-the-town-hall/index.html", out / "2020/02/leaflet-launch/index.html",
             out / "our-history/index.html", out / "about-2/index.html",
             out / "2020/01/15/rally-town-hall/index.html", out / "category/news/meetings/index.html"]
    assert all(p.is_file() for p in pages)
    errors = [f"{Path(unquote(urlsplit(m['url']).path)).relative_to(out)}:{m.get('lastLine')}: {m['message']}"
              for m in run_vnu(pages)]
    assert errors == []
