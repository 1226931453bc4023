"""The post-build steps, run by Pelican's `finalized` signal: each finishes the written site.

They run inside Pelican's own run, so `pelican -s publishconf.py` alone publishes the same site
as the project's build (tools/build.py, which only adds the fresh folder and the swap). Order
matters: pictures are stripped and /admin/ written before the search index reads the pages,
and the gzip copies come last, so the search bundle and the finished sitemap get them too.
"""
from __future__ import annotations

import sys

from ..cache.derived import Derived
from ..editor.admin import write_admin
from . import compress, images, seo
from . import search as search_index
from .store import OutputStore, store_of
from .writer import save_memo

#: Where the steps leave their figures (pictures stripped, search parts made...) for the build log.
#: The leading underscores here: records of the build, never settings a group sets (settings.py).
STATS_SETTING = "_CAMPAIGN_BUILD_STATS"
#: Set by the live preview: only the steps that change pages (no search index, no gzip copies:
#: a preview is not published, and they took seconds per save).
LIVE_PREVIEW_SETTING = "_CAMPAIGN_LIVE_PREVIEW"
_SITEMAP_PLUGIN = "pelican.plugins.sitemap.sitemap"


def finish_found(out: OutputStore, settings: dict) -> None:
    """robots.txt gets its Sitemap line; the sitemap gets absolute addresses and fixed dates."""
    base = seo.site_base(settings)
    # ROBOTS_TXT (pelicanconf.py) unless content/ ships its own robots.txt.
    rules = (out.read("robots.txt").decode("utf-8") if out.exists("robots.txt")
             else str(settings.get("ROBOTS_TXT") or "User-agent: *\nAllow: /\n"))
    out.write("robots.txt", seo.robots_txt(rules, base).encode("utf-8"), replace=True)
    if out.exists("sitemap.xml"):
        today = settings["CAMPAIGN"].today
        xml = seo.finish_sitemap(out.read("sitemap.xml").decode("utf-8"), base, today)
        out.write("sitemap.xml", xml.encode("utf-8"), replace=True)


def _sitemap_written(pelican) -> None:
    # pelican-plugins/sitemap writes sitemap.xml from its own `finalized` receiver, and blinker
    # calls a signal's receivers in no fixed order: ask it to write now. It writes once per run
    # (a second call, from the signal, finds its run already done and does nothing).
    plugin = sys.modules.get(_SITEMAP_PLUGIN)
    if plugin is not None:
        plugin.generator.finalize(pelican)


def finish(pelican) -> dict:
    """Run every post-build step over the site Pelican has written; return figures for the log."""
    settings = pelican.settings
    out = store_of(settings)
    _sitemap_written(pelican)
    stats: dict = {}
    derived = Derived.for_settings(settings)
    stats |= images.strip_images(out, derived)
    stats |= write_admin(out, settings)  # /admin/, when the web editor is on
    finish_found(out, settings)
    if not settings.get(LIVE_PREVIEW_SETTING):
        cs = settings["CAMPAIGN"]
        stats |= search_index.index_site(out, derived, cs.search_part_pages)
        # Last, so the search bundle's scripts and the finished sitemap are compressed too.
        stats |= compress.precompress(out)
    stats |= save_memo(settings)  # every page is written: their record is complete
    settings[STATS_SETTING] = stats
    return stats

