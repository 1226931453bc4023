"""Steps after Pelican has written the site, before it is swapped in: each adds to the folder."""
from __future__ import annotations

from pathlib import Path

from ..cache.derived import Derived
from ..editor.admin import write_admin
from . import compress, images, seo
from . import search as search_index
from .store import SiteWriter


def finish_found(output: Path, settings: dict) -> None:
    """robots.txt gets its Sitemap line; the sitemap gets absolute addresses and fixed dates."""
    base = seo.site_base(settings)
    robots = output / "robots.txt"
    # ROBOTS_TXT (pelicanconf.py) unless content/ ships its own robots.txt.
    rules = (robots.read_text(encoding="utf-8") if robots.exists()
             else str(settings.get("ROBOTS_TXT") or "User-agent: *\nAllow: /\n"))
    robots.write_text(seo.robots_txt(rules, base), encoding="utf-8")
    sitemap = output / "sitemap.xml"
    if sitemap.exists():
        today = settings["CAMPAIGN"].today
        sitemap.write_text(seo.finish_sitemap(sitemap.read_text(encoding="utf-8"), base, today), encoding="utf-8")


def postprocess(output: Path, settings: dict, previous: Path | None = None) -> dict:
    """Run every post-build step over `output`; return figures for the build log.

    `previous` is the site this build will replace (if any), whose unchanged files' work the
    steps may reuse.
    """
    stats: dict = {}
    stats |= images.strip_images(output)
    stats |= write_admin(output, settings)  # /admin/, when the web editor is on
    finish_found(output, settings)
    stats |= search_index.index_site(output, Derived.for_settings(settings), settings["CAMPAIGN"].search_part_pages,
                                     SiteWriter(output, previous))
    # Last, so the search bundle's scripts and the finished sitemap are compressed too.
    stats |= compress.precompress(output, previous=previous)
    return stats
