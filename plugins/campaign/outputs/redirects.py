"""The build's side of redirects: gather them from the published content, check, write per host.

A Generator (not a finalized receiver) so it sees the final lists of published posts and
pages, and writes into Pelican's output folder before the post-build steps compress it.
"""
from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from pelican.generators import Generator

from ..content import redirects
from ..content.header import read_header
from ..errors import CampaignError, Problem, shown_path
from . import redirect_files
from .store import store_of

log = logging.getLogger("campaign")
_PAGE_SUFFIXES = {"", ".html", ".htm"}


def _url(obj) -> str:
    return "/" + obj.url.lstrip("/")


def gather(context: dict, content: Path) -> tuple[list[redirects.Redirect], set[str], list]:
    """(every redirect of published content and redirects.toml, the site's own addresses, problems)."""
    found, problems, real = [], [], set()
    published = [*context.get("articles", []), *context.get("hidden_articles", []),
                 *context.get("pages", []), *context.get("hidden_pages", [])]
    for obj in published:
        real.add(_url(obj))
        raw = obj.metadata.get("redirect_from")
        if raw:
            shown = shown_path(obj.source_path)
            line = read_header(obj.source_path).line("redirect_from")
            got, wrong = redirects.parse_redirect_from(raw, _url(obj), shown, line)
            found += got
            problems += wrong
    for obj in context.get("drafts", []) + context.get("draft_pages", []):
        real.add(_url(obj))
    got, wrong = redirects.read_file(content, shown_path(content / redirects.FILE))
    found += got
    problems += wrong
    return found, real, problems


class RedirectsGenerator(Generator):
    """Writes _redirects, the nginx maps and the HTML redirect pages."""

    def generate_context(self) -> None:
        pass  # everything it needs is final only once every generator has made its context

    def _known(self) -> set[str]:
        s, ctx = self.settings, self.context
        known = {"/"}
        known |= {_url(o) for key in ("articles", "hidden_articles", "pages", "hidden_pages") for o in ctx.get(key, [])}
        known |= {"/" + str(getattr(tag, "url", "")).lstrip("/") for tag in ctx.get("tags", {})}
        known |= {"/" + section.url for section in s["CAMPAIGN"].sections}
        known |= {_url(f) for f in ctx.get("staticfiles", [])}
        for name in ("FEED_ALL_ATOM", "ARCHIVES_URL", "TAGS_URL", "SEARCH_URL"):
            if s.get(name):
                known.add("/" + str(s[name]).lstrip("/"))
        if s["CAMPAIGN"].section_feed:
            known |= {"/" + s["CAMPAIGN"].section_feed.format(slug=sec.slug) for sec in s["CAMPAIGN"].sections}
        return known

    def generate_output(self, writer) -> None:  # noqa: ARG002 - Pelican's Generator interface
        cs = self.settings["CAMPAIGN"]
        found, real, problems = gather(self.context, cs.content_dir)
        problems += redirects.collisions(found, real)
        known, out = self._known(), store_of(self.settings)
        kept_back = []
        for r in found:
            target = r.new.split("#", 1)[0].split("?", 1)[0]
            if target in known or out.exists(target.lstrip("/")):
                continue
            if (cs.content_dir / target.lstrip("/")).is_file():
                # A picture or file only unpublished posts use is kept back (image_use.py), and so
                # is the old address that leads to it: it goes live with the file.
                kept_back.append(r)
                continue
            problems.append(Problem(r.path, r.line, f"{r.old} leads to {r.new}, which is not a "
                                                     "published page or file of this site",
                                    "correct the new address, or remove the line"))
        if problems:
            raise CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line, p.message)))
        found = [r for r in found if r not in kept_back]
        if not found:
            return  # nothing moved: no files (nginx's includes are optional, `*`)
        text, warnings = redirect_files.netlify(found)
        for warning in warnings:
            log.warning("redirects: %s", warning)
        out.write("_redirects", text.encode("utf-8"))
        for name, body in redirect_files.nginx_maps(found).items():
            out.write(f"_nginx_redirects_{name}.map", body.encode("utf-8"))
        lang = str(self.settings.get("DEFAULT_LANG") or "en")
        for r in found:
            if r.query or PurePosixPath(r.old).suffix.lower() not in _PAGE_SUFFIXES:
                continue  # a host cannot answer /?p=1 or /file.pdf with a page: nginx and _redirects do
            rel = r.old.lstrip("/")
            page = f"{rel.rstrip('/')}/index.html".lstrip("/") if not PurePosixPath(rel).suffix else rel
            if out.exists(page):
                continue
            html = redirect_files.html_page(r.new, lang, str(self.settings.get("SITEURL") or ""))
            out.write(page, html.encode("utf-8"), source=r.path, line=r.line)
