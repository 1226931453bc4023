"""Thin Pelican adapters: signals in, plain functions of the other modules called."""
from __future__ import annotations

from pathlib import Path

from pelican import signals, urlwrappers
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.urlwrappers import Category

from . import settings as campaign_settings
from .cache.derived import Derived
from .checks import pelican_failures
from .content import home, kinds, listing, petitions, slugs
from .content.header import read_header
from .content.sections import group_by_section, parse_sections
from .content.shown import ShownPaths
from .content.visibility import POST_INSTANTS, UNLISTED_INSTANTS, every_post, instants, split_published
from .errors import CampaignError, Problem, shown_path
from .markdown import read_ahead as warm_cache
from .markdown.reader import CampaignMarkdownReader, prepare_settings
from .outputs import assets, calendars, downloads, finish, fragments, images, seo, site_files
from .outputs import urls as frozen_urls
from .outputs.image_use import KEPT_BACK, PUBLISHED_IMAGES
from .outputs.staged_store import StagedStore
from .outputs.store import STORE_SETTING, OutputStore, previous_output, store_of
from .outputs.writer import MEMO_SETTING, ReusingWriter, shown_text


def _settings(context: dict) -> campaign_settings.CampaignSettings:
    # Validated once per build and shared through Pelican's context.
    if "CAMPAIGN" not in context:
        context["CAMPAIGN"] = campaign_settings.load(context)
    return context["CAMPAIGN"]


def _remember_wrapper_slugs() -> None:
    """Tags, authors and categories slugify through content.slugs.remembering (idempotent): each
    post has its own Tag objects, and each worked the same few slugs out again (issue 18)."""
    if not hasattr(urlwrappers.slugify, "remembering"):
        urlwrappers.slugify = slugs.remembering(urlwrappers.slugify)


def on_initialized(pelican) -> None:
    """Validate settings at start-up; teach Pelican's writer about section pages."""
    s = pelican.settings
    s["PAGINATED_TEMPLATES"] = {**s.get("PAGINATED_TEMPLATES", {}), "section": None}
    # Typogrify by our reader, not Pelican (reader.prepare_settings; the check pass does the same).
    prepare_settings(s)
    s["CAMPAIGN"] = campaign_settings.load(s)  # validated once; the context is a copy of settings
    _remember_wrapper_slugs()
    # Issue 10 (build speed): each generator makes a new Jinja environment per build, so checking
    # every included template's file for changes (a stat per include, ~7 per page) buys nothing.
    # Issue 14: every HTML and XML template escapes what it prints; only HTML our code made or
    # sanitised (sanitise.Html, `|safe` on bodies and summaries) is printed as it is.
    s["JINJA_ENVIRONMENT"] = {**s.get("JINJA_ENVIRONMENT", {}), "auto_reload": False,
                              "autoescape": escapes}
    filters = s.setdefault("JINJA_FILTERS", {})
    filters.setdefault("section_groups", listing.section_groups)
    filters.setdefault("date_groups", listing.date_groups)
    s["JINJA_GLOBALS"] = {**s.get("JINJA_GLOBALS", {}), **seo.jinja_globals(), "KIND_TEMPLATES": _kind_templates(s),
                          "post_fragment": fragments.post_fragment}
    fragments.forget_all()  # a new build: its templates and settings may differ
    # Last, with the settings final: read what the content cache lacks on every core.
    warm_cache.warm(s, s["CAMPAIGN"].read_workers)


def escapes(template_name: str | None) -> bool:
    """Jinja's autoescape choice: on for HTML and XML templates (and templates made from strings)."""
    return template_name is None or template_name.lower().endswith((".html", ".htm", ".xml", ".svg"))


def _kind_templates(s: dict) -> frozenset[str]:
    """Kinds with a template of their own (components/kind-<kind>.html) in the theme.

    Issue 10 (build speed): the article template used to try kind-<kind>.html and fall back
    to kind-default.html; Jinja does not remember a template it could not find, so every post
    of a kind without one searched the theme folders again.
    """
    folders = [*s.get("THEME_TEMPLATES_OVERRIDES", []), Path(s["THEME"]) / "templates"]
    found = {path.stem.removeprefix("kind-") for folder in folders
             for path in (Path(folder) / "components").glob("kind-*.html")}
    return frozenset(found & set(kinds.KINDS))  # kind-default.html is the fallback, not a kind


def on_readers_init(readers) -> None:
    """Use our Markdown reader, which renders chart and video blocks."""
    readers.readers["md"] = CampaignMarkdownReader(readers.settings)
    for ext in CampaignMarkdownReader.file_extensions:
        readers.reader_classes[ext] = CampaignMarkdownReader


def on_preread(generator) -> None:
    """Pelican is about to read a file: forget the last one, so its name is never misused."""
    reader = generator.readers.readers.get("md")
    if isinstance(reader, CampaignMarkdownReader):
        reader.last_read = None


def _check_mandatory(generator, metadata: dict, content_class) -> None:
    # Pelican would log and skip the file; the reader's problems stop the build instead.
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, CampaignMarkdownReader) or reader.last_read is None:
        return  # read by another reader: Pelican's own error stops the build (build.py)
    for prop in pelican_failures.missing_properties(metadata, content_class.mandatory_properties,
                                                    generator.settings.get("DEFAULT_DATE")):
        reader.problems.append(pelican_failures.missing_problem(reader.last_read, prop))


def on_article_context(generator, metadata: dict) -> None:
    """A post's metadata as Pelican will use it: check what Pelican needs is there."""
    _check_mandatory(generator, metadata, Article)


def on_page_context(generator, metadata: dict) -> None:
    """A page's metadata as Pelican will use it: check what Pelican needs is there."""
    _check_mandatory(generator, metadata, Page)


def on_all_generators_finalized(generators) -> None:
    """Stop on links Pelican could not resolve, naming the file and line of each."""
    problems = []
    for generator in generators:
        for name in ("articles", "pages", "drafts", "draft_pages", "hidden_articles", "hidden_pages"):
            for item in getattr(generator, name, []):
                # shown_text: looking at the links is not showing the text (tools/page_deps.py).
                problems += [pelican_failures.link_problem(item.source_path, link)
                             for link in pelican_failures.unresolved_links(shown_text(item))]
    if problems:
        raise CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line)))


def _reader_problems(generator) -> list[Problem]:
    reader = generator.readers.readers.get("md")
    return list(getattr(reader, "problems", []))


def classify_post(post, cs, problems: list[Problem], shown=shown_path) -> None:
    """Give `post` its sections, category and kind from its header; problems are added to `problems`."""
    path = shown(post.source_path)
    header = read_header(post.source_path)
    raw = header.get("category")
    found, bad = parse_sections(raw, cs.sections, path=path, line=header.line("category"))
    problems += bad
    post.sections = found
    if found:
        post.category = Category(found[0].title, post.settings)
    parsed = kinds.parse(header, cs, path, post.slug)
    problems += parsed.problems
    post.kind, post.kind_label = parsed.kind.name, cs.vocabulary.label(parsed.kind.name)
    if parsed.kind.attribute:  # None when the kind's fields are wrong (the build stops then)
        setattr(post, parsed.kind.attribute, parsed.value)


def on_articles_pretaxonomy(generator) -> None:
    """Give each post its sections and kind; drop what must not be published; stop on errors."""
    cs = _settings(generator.context)
    problems = _reader_problems(generator)
    shown = ShownPaths()
    for post in [*generator.articles, *generator.drafts, *generator.hidden_articles]:
        classify_post(post, cs, problems, shown)
    if problems:
        raise CampaignError(sorted(set(problems), key=lambda p: (p.path, p.line)))
    now = cs.now
    assert now is not None  # settings.load() sets it; only hand-made settings in unit tests lack it
    # Every post's instant, any status: when the clock passes one, the site is out of date.
    generator.settings[POST_INSTANTS] = instants(every_post(generator), now)
    generator.articles, embargoed = split_published(generator.articles, now)
    generator.translations, embargoed_translations = split_published(generator.translations, now)
    if cs.preview:
        # The preview shows unpublished work with a banner; published builds never do.
        for post in embargoed:
            post.status = "draft"
        generator.drafts = [*generator.drafts, *embargoed]
    else:
        generator.settings[UNLISTED_INSTANTS] = instants(
            [*embargoed, *embargoed_translations, *generator.drafts, *generator.drafts_translations,
             *generator.hidden_articles, *generator.hidden_translations], now)
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


def on_static_finalized(generator) -> None:
    """Refuse pictures that may not be published; copy a file from content/images or content/files only
    when published content uses it."""
    problems = [problem for static in generator.staticfiles
                for problem in images.picture_problems(Path(static.source_path), shown_path(static.source_path))]
    if problems:
        raise CampaignError(problems)
    cs = _settings(generator.context)
    if cs.preview:
        return  # the preview shows drafts, and their pictures
    names = generator.settings.get(PUBLISHED_IMAGES)
    if names is None:  # Pelican run without campaign.tools.build: work the list out here
        from .checks.site import check_content

        names = check_content(generator.settings, cs, Path.cwd()).images
    content = cs.content_dir.resolve()
    kept_back = [content / folder for folder in KEPT_BACK]

    def public(static) -> bool:
        path = Path(static.source_path).resolve()
        return not any(path.is_relative_to(folder) for folder in kept_back) or \
            path.relative_to(content).as_posix() in names

    generator.staticfiles = [s for s in generator.staticfiles if public(s)]
    generator.context["staticfiles"] = [s for s in generator.context.get("staticfiles", []) if public(s)]


class SectionsGenerator(Generator):
    """Writes each section's page (paginated) and Atom feed."""

    def generate_context(self) -> None:
        self.aggregate()
        posts = self.context.get("articles", [])
        cs = _settings(self.context)
        self.derived = Derived.for_settings(self.settings)
        # Print files first: their sizes appear in the links on post and section pages.
        self.download_stats = downloads.prepare(posts, self.settings, cs.theme_dir, cs.content_dir, self.derived)

    def aggregate(self) -> None:
        """The sections' lists and what the listings show, from the posts and pages in the context.

        Also run alone by the live preview after a header edit (tools/header_edit.py): it
        depends on nothing but the context's posts, pages and settings.
        """
        cs = _settings(self.context)
        posts = self.context.get("articles", [])
        groups = group_by_section(posts, cs.sections)
        self.sections = [
            (section, listing.order_for_section(section.listing, groups[section.slug], cs.today))
            for section in cs.sections
        ]
        # What every page's footer and menu show of the pages (the sections come from CAMPAIGN):
        # a page's render memo (outputs/render_memo.py) then depends on these, not on every page.
        self.context["page_links"] = listing.page_links(self.context.get("pages", []))
        self.context["campaign_today"] = cs.today
        self.context["upcoming_events"] = listing.order_for_section(
            "events", [p for p in posts if listing.is_upcoming(p, cs.today)], cs.today)
        # Content types (issue 5): closed petitions are never "current"; section pages link calendars.
        self.context["current_petition"] = petitions.current_petition(posts)
        self.context["section_calendars"] = calendars.calendar_links(cs)
        self.context["home"] = _home_blocks(self.context, cs)

    def generate_output(self, writer) -> None:
        cs = _settings(self.context)
        out = store_of(self.settings)
        assets.write_bundle(cs.theme_dir, out, cs.brand.css())
        self._write_site_files(cs, out)
        downloads.write(self.context.get("articles", []), out)
        calendars.write_calendars(self.context.get("articles", []), cs, self.settings, out, self.derived)
        self.write_listings(writer)

    def write_listings(self, writer) -> None:
        """Each section's pages and feed, through Pelican's writer."""
        cs = _settings(self.context)
        for section, posts in self.sections:
            writer.write_file(
                section.save_as, self.get_template("section"), self.context,
                paginated={"articles": posts}, template_name="section", url=section.url,
                section=section, relative_urls=self.settings["RELATIVE_URLS"],
                page_name=section.url.rstrip("/"),
            )
            if cs.section_feed:
                path = cs.section_feed.format(slug=section.slug)
                # Pelican's writer puts "SITENAME - " before the feed title itself.
                writer.write_feed(posts, self.context, path, feed_title=section.title)

    def _write_site_files(self, cs, out: OutputStore) -> None:
        """_headers, favicons, the site's card and each post's card (site_files.py)."""
        fonts = cs.theme_dir / "static" / "fonts"
        for rel, data in site_files.site_files(cs.brand, self.settings, fonts, self.derived).items():
            out.write(rel, data, drawn=rel in site_files.DRAWN)
        posts = self.context.get("articles", [])
        for rel, data in site_files.post_cards(posts, cs.brand, self.settings, fonts, self.derived).items():
            out.write(rel, data, drawn=True)  # every card is drawn (cards.py)


def _home_blocks(context: dict, cs) -> home.HomeBlocks:
    """The home page's blocks, every link resolved against the real sections and pages."""
    pages = {p.slug: p.url for p in context.get("pages", [])}
    blocks, problems = home.home_blocks(context, cs.sections, pages.get, campaign_settings.setting_line)
    if problems:
        raise CampaignError(problems)
    return blocks


def get_generators(pelican):
    """A run starts: its output store (every file goes through it), and the plugin's generators."""
    from .outputs.redirects import RedirectsGenerator

    # The live preview hands its run a store made for it (StagedStore: over the live site).
    preset = pelican.settings.get(STORE_SETTING)
    if not (isinstance(preset, StagedStore) and preset.root == Path(pelican.output_path)):
        pelican.settings[STORE_SETTING] = OutputStore(pelican.output_path, previous_output(pelican.settings))
    pelican.settings.pop(MEMO_SETTING, None)  # each run its own render memo (outputs/writer.py)
    return [SectionsGenerator, RedirectsGenerator]


def get_writer(pelican):  # noqa: ARG001 - the signal's argument
    """Pelican's writer, its pages and feeds written through the run's store (outputs/writer.py)."""
    return ReusingWriter


def on_finalized(pelican) -> None:
    """Pelican has written the site: the post-build steps finish it (outputs/finish.py)."""
    finish.finish(pelican)


def register() -> None:
    """Wire the adapters to Pelican's signals (module-level functions: Pelican holds them weakly)."""
    signals.initialized.connect(on_initialized)
    signals.readers_init.connect(on_readers_init)
    signals.article_generator_preread.connect(on_preread)
    signals.page_generator_preread.connect(on_preread)
    signals.article_generator_context.connect(on_article_context)
    signals.page_generator_context.connect(on_page_context)
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    signals.article_generator_pretaxonomy.connect(on_articles_pretaxonomy)
    signals.article_generator_finalized.connect(on_articles_finalized)
    signals.page_generator_finalized.connect(on_pages_finalized)
    signals.static_generator_finalized.connect(on_static_finalized)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(on_finalized)
