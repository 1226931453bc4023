"""The editor in a published build (CAMPAIGN_EDITOR set): its files, its policy, kept out of search and robots."""
from __future__ import annotations

import json
import urllib.request

import pytest
from bs4 import BeautifulSoup

from campaign.editor.admin import DECAP_DIST
from campaign.editor.config import admin_csp, backend_of
from campaign.settings import KINDS
from tests.conftest import ROOT, run_build
from tests.site.test_nginx import SECURITY_HEADERS, serve


def _settings(folder, editor: dict) -> str:
    # conftest.settings_with names its file after the values, and a dict's repr has slashes.
    path = folder / "conf_editor.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *  # noqa: F401,F403\n"
                    f"CAMPAIGN_EDITOR = {editor!r}\n", encoding="utf-8")
    return str(path)


EDITOR = {"backend": "github", "repo": "group/site", "branch": "main", "base_url": "https://auth.example.org"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("editor-site")
    result = run_build(ROOT / "tests/roots/editor/content", base / "output",
                       settings=_settings(base, EDITOR),
                       env={"CAMPAIGN_EDITOR_LOCAL": "", "CAMPAIGN_CACHE_PATH": str(base / "cache")})
    assert result.returncode == 0, result.stderr + result.stdout
    return base / "output"


def test_the_admin_page_loads_only_our_files_and_is_never_indexed(built):
    soup = BeautifulSoup((built / "admin/index.html").read_text(), "html.parser")
    assert soup.select_one('meta[name="robots"]')["content"] == "noindex, nofollow"
    assert soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"] == admin_csp(backend_of(EDITOR))
    assert [s["src"] for s in soup.select("script")] == ["setup.js", "decap/decap-cms.js", "header-format.js", "admin.js"]
    assert not soup.select("script:not([src]), style, link")
    assert soup.body.get("data-pagefind-ignore") == "all"
    assert soup.html.get("data-local-api") is None  # no local proxy in a published site
    assert (built / "admin/decap/decap-cms.js").read_bytes() == (DECAP_DIST / "decap-cms.js").read_bytes()


def test_the_configuration_names_the_backend_and_every_kind(built):
    config = json.loads((built / "admin/config.json").read_text())
    assert config["backend"] == backend_of(EDITOR)
    assert [c["name"] for c in config["collections"]] == list(KINDS)
    assert "local_backend" not in config


def test_robots_sitemap_and_search_leave_the_editor_out(built):
    robots = (built / "robots.txt").read_text()
    assert "User-agent: *\nDisallow: /admin/\n" in robots
    assert "/admin/" not in (built / "sitemap.xml").read_text()
    # Pagefind records each page it indexed in its fragments' names' source; none is the editor.
    index = [p for p in (built / "pagefind").rglob("*") if p.is_file()]
    assert index and not any(b"/admin/" in p.read_bytes() for p in index if p.suffix in (".json", ".js"))


def test_headers_file_gives_admin_its_own_policy(built):
    text = (built / "_headers").read_text()
    block = text.split("\n/admin/*\n", 1)[1]
    assert block.startswith("  ! Content-Security-Policy\n")
    assert f"  Content-Security-Policy: {admin_csp(backend_of(EDITOR))}; frame-ancestors 'none'\n" in block


def test_nginx_sends_the_wider_policy_on_admin_only(built, tmp_path):
    for base in serve(built, tmp_path):
        with urllib.request.urlopen(base + "/admin/") as reply:
            admin = reply.headers
        with urllib.request.urlopen(base + "/") as reply:
            home = reply.headers
    assert home["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert "'unsafe-eval'" in admin["Content-Security-Policy"]
    assert admin["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert admin["X-Robots-Tag"] == "noindex, nofollow"
    for name, value in SECURITY_HEADERS.items():
        if name != "Content-Security-Policy":
            assert admin[name] == value, name


def test_a_bad_editor_setting_stops_the_build_with_its_fix(tmp_path):
    out = tmp_path / "output"
    result = run_build(ROOT / "tests/roots/editor/content", out,
                       settings=_settings(tmp_path, {"backend": "bitbucket", "repo": "a/b"}),
                       env={"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")})
    assert result.returncode != 0
    assert "pelicanconf.py:1: CAMPAIGN_EDITOR backend 'bitbucket' is not one of github, gitlab, gitea" in (
        result.stdout + result.stderr)
    assert not out.exists()
