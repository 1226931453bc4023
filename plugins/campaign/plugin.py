"""Thin Pelican adapters: signals in, plain functions of the other modules called."""
from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.urlwrappers import Category

from . import (assets, calendars, downloads, frozen_urls, home, kinds, listing, petitions, seo,
               settings as campaign_settings, site_files, warm_cache)
from .derived_cache import DerivedCache
from .errors import CampaignError, Problem, shown_path
from .metadata import read_header
from .reader import CampaignMarkdownReader
from .reuse_writer import ReusingWriter, previous_output
from .sections import group_by_section, parse_sections
from .visibility import split_published


def _settings(context: dict) -> campaign_settings.CampaignSettings:
    # Validated once per build and shared through Pelican's context.
    if "CAMPAIGN" not in context:
        context["CAMPAIGN"] = campaign_settings.load(context)
    return context["CAMPAIGN"]


def on_initialized(pelican) -> None:
    """Validate settings at start-up; teach Pelican's writer about section pages."""
    s = pelican.settings
    s["PAGINATED_TEMPLATES"] = {**s.get("PAGINATED_TEMPLATES", {}), "section": None}
    s.setdefault("TYPOGRIFY_IGNORE_TAGS", [])
    # Typogrify would put <span> inside SVG text and tables of numbers; leave them alone.
    s["TYPOGRIFY_IGNORE_TAGS"] = sorted({*s["TYPOGRIFY_IGNORE_TAGS"], "svg", "pre", "code", "script"})
    # Issue 10 (build speed): our reader applies Typogrify itself, as Pelican would, so the
    # content cache keeps the result; Pelican's own pass is turned off. Idempotent on purpose.
    if s.get("TYPOGRIFY"):
        s["CAMPAIGN_TYPOGRIFY"], s["TYPOGRIFY"] = True, False
    s["CAMPAIGN"] = campaign_settings.load(s)  # validated once; the context is a copy of settings
    # Issue 10 (build speed): each generator makes a new Jinja environment per build, so checking
    # every included template's file for changes (a stat per include, ~7 per page) buys nothing.
    s["JINJA_ENVIRONMENT"] = {**s.get("JINJA_ENVIRONMENT", {}), "auto_reload": False}
    filters = s.setdefault("JINJA_FILTERS", {})
    filters.setdefault("section_groups", listing.section_groups)
    s["JINJA_GLOBALS"] = {**s.get("JINJA_GLOBALS", {}), **seo.jinja_globals(), "KIND_TEMPLATES": _kind_templates(s)}
    # Last, with the settings final: read what the content cache lacks on every core.
    warm_cache.warm(s, s["CAMPAIGN"].read_workers)


def _kind_templates(s: dict) -> frozenset[str]:
    """Kinds with a template of their own (components/kind-<kind>.html) in the theme.

    Issue 10 (build speed): the article template used to try kind-<kind>.html and fall back
    to kind-default.html; Jinja does not remember a template it could not find, so every post
    of a kind without one searched the theme folders again.
    """
    folders = [*s.get("THEME_TEMPLATES_OVERRIDES", []), Path(s["THEME"]) / "templates"]
    return frozenset(path.stem.removeprefix("kind-") for folder in folders
                     for path in (Path(folder) / "components").glob("kind-*.html"))


def on_readers_init(readers) -> None:
    """Use our Markdown reader, which renders chart and video blocks."""
    readers.readers["md"] = CampaignMarkdownReader(readers.settings)
    for ext in CampaignMarkdownReader.file_extensions:
        readers.reader_classes[ext] = CampaignMarkdownReader


def _reader_problems(generator) -> list[Problem]:
    reader = generator.readers.readers.get("md")
    return list(getattr(reader, "problems", []))


def _classify(post, cs, problems: list[Problem]) -> None:
    path = shown_path(post.source_path)
    header = read_header(post.source_path)
    raw = header.get("category")
    found, bad = parse_sections(raw, cs.sections, path=path, line=header.line("category"))
    problems += bad
    post.sections = found
    if found:
        post.category = Category(found[0].title, post.settings)
    problems += kinds.enrich(post, header, cs, path)


def on_articles_pretaxonomy(generator) -> None:
    """Give each post its sections and kind; drop what must not be published; stop on errors."""
    cs = _settings(generator.context)
    problems = _reader_problems(generator)
    for post in [*generator.articles, *generator.drafts, *generator.hidden_articles]:
        _classify(post, cs, problems)
    if problems:
        raise CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line)))
    generator.articles, embargoed = split_published(generator.articles, cs.today)
    generator.translations, _ = split_published(generator.translations, cs.today)
    if cs.preview:
        # The preview shows unpublished work with a banner; published builds never do.
        for post in embargoed:
            post.status = "draft"
        generator.drafts = [*generator.drafts, *embargoed]
    else:
        generator.drafts, generator.drafts_translations = [], []
        generator.hidden_articles, generator.hidden_translations = [], []


def on_articles_finalized(generator) -> None:
    """Posts' addresses are final now: work each out once (see frozen_urls)."""
    frozen_urls.freeze_generator(generator, "articles", "translations", "drafts", "drafts_translations",
                                 "hidden_articles", "hidden_translations")


def on_pages_finalized(generator) -> None:
    """Stop on page problems; keep draft and hidden pages out of published builds."""
    cs = _settings(generator.context)
    problems = _reader_problems(generator)
    if problems:
        raise CampaignError(problems)
    if not cs.preview:
        generator.draft_pages, generator.draft_translations = [], []
        generator.hidden_pages, generator.hidden_translations = [], []
        generator.context["draft_pages"] = []
        generator.context["hidden_pages"] = []
    frozen_urls.freeze_generator(generator, "pages", "translations", "draft_pages", "draft_translations",
                                 "hidden_pages", "hidden_translations")


class SectionsGenerator(Generator):
    """Writes each section's page (paginated) and Atom feed."""

    def generate_context(self) -> None:
        cs = _settings(self.context)
        posts = self.context.get("articles", [])
        groups = group_by_section(posts, cs.sections)
        self.sections = [
            (section, listing.order_for_section(section.listing, groups[section.slug], cs.today))
            for section in cs.sections
        ]
        self.context["section_list"] = self.sections
        self.context["campaign_today"] = cs.today
        self.context["upcoming_events"] = listing.order_for_section(
            "events", [p for p in posts if listing.is_upcoming(p, cs.today)], cs.today)
        # Content types (issue 5): closed petitions are never "current"; section pages link calendars.
        self.context["current_petition"] = petitions.current_petition(posts)
        self.context["section_calendars"] = calendars.calendar_links(cs)
        self.context["home"] = _home_blocks(self.context, cs)
        cache_root = Path(self.settings.get("CAMPAIGN_CACHE_PATH") or ".cache/campaign")
        self.derived = DerivedCache(cache_root / "derived")
        # Print files first: their sizes appear in the links on post and section pages.
        self.download_stats = downloads.prepare(posts, self.settings, cache_root / "pdf", cs.theme_dir,
                                                cs.content_dir, self.derived)

    def generate_output(self, writer) -> None:
        cs = _settings(self.context)
        assets.write_bundle(cs.theme_dir, Path(self.output_path), cs.brand.css())
        self._write_site_files(cs)
        downloads.write(self.context.get("articles", []), Path(self.output_path), previous_output(self.settings))
        calendars.write_calendars(self.context.get("articles", []), cs, self.settings, self.output_path, self.derived)
        for section, posts in self.sections:
            writer.write_file(
                section.save_as, self.get_template("section"), self.context,
                paginated={"articles": posts}, template_name="section", url=section.url,
                section=section, relative_urls=self.settings["RELATIVE_URLS"],
                page_name=section.url.rstrip("/"),
            )
            if cs.section_feed:
                path = cs.section_feed.format(slug=section.slug)
                writer.write_feed(posts, self.context, path, feed_title=f"{self.settings['SITENAME']}: {section.title}")


    def _write_site_files(self, cs) -> None:
        """_headers, favicons, the site's card and each post's card (site_files.py)."""
        from .reuse_writer import previous_of, previous_output, store

        fonts = cs.theme_dir / "static" / "fonts"
        files = site_files.site_files(cs.brand, self.settings, fonts, self.derived)
        files |= site_files.post_cards(self.context.get("articles", []), cs.brand, self.settings, fonts, self.derived)
        out, previous = Path(self.output_path), previous_output(self.settings)
        for rel, data in files.items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            store(target, data, previous_of(target, out, previous))


def _home_blocks(context: dict, cs) -> home.HomeBlocks:
    """The home page's blocks, every link resolved against the real sections and pages."""
    pages = {p.slug: p.url for p in context.get("pages", [])}
    blocks, problems = home.home_blocks(context, cs.sections, pages.get, campaign_settings.setting_line)
    if problems:
        raise CampaignError(problems)
    return blocks


def get_generators(pelican):
    return SectionsGenerator


def get_writer(pelican):
    """Pelican's writer, linking pages unchanged since the last build (reuse_writer.py)."""
    return ReusingWriter


def register() -> None:
    """Wire the adapters to Pelican's signals (module-level functions: Pelican holds them weakly)."""
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.article_generator_pretaxonomy.connect(on_articles_pretaxonomy)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
