"""Thin adapter: write /admin/ (page, config.json, Decap's files from node_modules) into a built site.

Runs as a post-build step (outputs/finish.py, a `finalized` receiver) when the editor is on:
CAMPAIGN_EDITOR names a production backend, or CAMPAIGN_EDITOR_LOCAL (set by `make devserver`
and `make edit`) asks for the local proxy. Every file is written into the site through the
build's output store, so the editor loads nothing from another origin.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Protocol

from ..errors import CampaignError
from ..settings import setting
from .config import LOCAL_API, admin_csp, cms_config


class Store(Protocol):
    """What the editor needs of the build's output store (outputs/store.py's OutputStore)."""

    def exists(self, rel: str) -> bool: ...
    def read(self, rel: str) -> bytes: ...
    def write(self, rel: str, data: bytes, *, replace: bool = False) -> bool: ...


STATIC = Path(__file__).parent / "static"
PROJECT = Path(__file__).resolve().parents[3]
#: Decap's build: the entry script, its numbered chunks and WebAssembly, found through `npm ci`.
DECAP_DIST = PROJECT / "node_modules" / "decap-cms" / "dist"
OUR_SCRIPTS = ("setup.js", "header-format.js", "admin.js")
ROBOTS_RULE = "Disallow: /admin/"


def enabled(settings: dict) -> bool:
    """Is the editor part of this build?"""
    return bool(setting(settings, "CAMPAIGN_EDITOR")) or setting(settings, "CAMPAIGN_EDITOR_LOCAL")


def _current_branch(folder: Path) -> str:
    """The branch checked out where `folder` is (main when it is not a git repository)."""
    import subprocess

    try:
        done = subprocess.run(["git", "-C", str(folder), "rev-parse", "--abbrev-ref", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "main"
    name = done.stdout.strip()
    return name if done.returncode == 0 and name and name != "HEAD" else "main"


def page(site_name: str, csp: str, local_api: str | None) -> str:
    """The /admin/ page: our scripts around Decap's; nothing inline, never indexed."""
    scripts = ["setup.js", "decap/decap-cms.js", "header-format.js", "admin.js"]
    # defer: run in this order once the page is parsed; Decap draws into <body>, which must exist.
    tags = "\n".join(f'<script defer src="{name}"></script>' for name in scripts)
    local = f' data-local-api="{local_api}"' if local_api else ""
    return (f'<!doctype html>\n<html lang="en"{local}>\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="robots" content="noindex, nofollow">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{html.escape(csp)}">\n'
            f"<title>Editor · {html.escape(site_name)}</title>\n"
            f'{tags}\n</head>\n<body data-pagefind-ignore="all"></body>\n</html>\n')


def _copy_decap(out: Store, folder: str, dist: Path) -> int:
    if not (dist / "decap-cms.js").is_file():
        raise CampaignError.at("package.json", 1, f"the web editor is on but Decap CMS is not installed ({dist})",
                               "run `npm ci --ignore-scripts` in the project folder, or turn the editor off "
                               "(remove CAMPAIGN_EDITOR from pelicanconf.py)")
    names = [p for p in dist.iterdir() if p.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt"))]
    for path in names:
        out.write(f"{folder}/{path.name}", path.read_bytes())
    return len(names)


def _robots(out: Store) -> None:
    rules = out.read("robots.txt").decode("utf-8") if out.exists("robots.txt") else "User-agent: *\nAllow: /\n"
    if ROBOTS_RULE in rules:
        return
    lines = rules.splitlines()
    # Under the first `User-agent: *` group, where every crawler reads it.
    at = next((i + 1 for i, line in enumerate(lines) if line.strip().lower() == "user-agent: *"), None)
    lines = lines[:at] + [ROBOTS_RULE] + lines[at:] if at is not None else ["User-agent: *", ROBOTS_RULE, *lines]
    out.write("robots.txt", ("\n".join(lines) + "\n").encode("utf-8"), replace=True)


def _headers(out: Store, csp: str) -> None:
    if not out.exists("_headers"):
        return
    # Cloudflare Pages merges every matching rule; `!` drops the site-wide policy first (see README).
    block = ("\n# The web editor: its own policy, relaxed only as far as Decap CMS needs (campaign/editor).\n"
             f"/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: {csp}; frame-ancestors 'none'\n"
             "  Cache-Control: no-cache\n")
    out.write("_headers", out.read("_headers") + block.encode("utf-8"), replace=True)


def write_admin(out: Store, settings: dict, dist: Path = DECAP_DIST) -> dict:
    """Write output/admin/ when the editor is on; return figures for the build log."""
    if not enabled(settings):
        return {}
    editor = setting(settings, "CAMPAIGN_EDITOR")
    local = setting(settings, "CAMPAIGN_EDITOR_LOCAL")
    if local and not editor.get("branch"):
        # The local proxy commits to the branch checked out in this repository.
        editor = {**editor, "branch": _current_branch(Path(str(settings.get("PATH") or "content")))}
    cs = settings["CAMPAIGN"]
    # The form follows the group's settings: its sections (and which kinds start where), its words.
    config = cms_config(cs.sections, editor, site_url=str(settings.get("SITEURL") or ""),
                        content=str(editor.get("content", "content")), vocabulary=cs.vocabulary)
    csp = admin_csp(config["backend"] if config["backend"]["name"] != "proxy" else None)
    out.write("admin/index.html", page(str(settings.get("SITENAME") or "the site"), csp,
                                       LOCAL_API if local else None).encode("utf-8"))
    out.write("admin/config.json", (json.dumps(config, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    for name in OUR_SCRIPTS:
        out.write(f"admin/{name}", (STATIC / name).read_bytes())
    copied = _copy_decap(out, "admin/decap", dist)
    _robots(out)
    _headers(out, csp)
    return {"editor_files": copied + len(OUR_SCRIPTS) + 2}
