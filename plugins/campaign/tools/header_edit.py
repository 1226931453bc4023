"""A header edit of one post or page, applied to the last build's generators (issue 18).

The live preview (live_site.py) keeps the generators of its last build. A save that changes
only some header fields (EDITABLE) of a published post or page is applied to them, not by
running Pelican over every post again:

1. the file is read again by its generator's own reader, with Pelican's signals, into a new
   Article or Page, and the plugin gives it its sections and kind (plugin.classify_post);
2. the new object takes the old one's place, and what Pelican and the plugin work out from
   the posts' headers is worked out again from the posts in memory: the order, tags,
   categories, authors, dates, archives (Pelican's generate_context, after its reading), and the
   sections and home page's lists (plugin.SectionsGenerator.aggregate);
3. the writer calls are made again (page_deps.RefreshWriter): a page is rendered only if a
   name it read last time now holds a value that may differ (page_changes.py, the Judge below),
   and then only if the render memo does not know it; the edited post's card and the sitemap
   are made again; pages no longer made are deleted.

Invariant: the output folder is then what a clean build gives (tests/site/test_live_preview.py).
Whatever this module cannot vouch for raises NeedsFullBuild before anything is changed: a new
kind, a printed or calendar post, a change of status or embargo, translations, redirects, a
post whose address moves while a header links to it, other plugins' receivers... A post whose
address moves while a printed post (a leaflet) links to it is applied: the printed posts are
`Applied.printed`, whose print files the caller makes again (tools/reprint.py), or `printer` does
before any page is made.
"""
from __future__ import annotations

import calendar
import logging
import os
import shutil
import sys
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, groupby
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from blinker import ANY
from pelican import signals
from pelican.contents import Article, Content, SkipStub
from pelican.contents import Page as PelicanPage
from pelican.generators import (
    ArticlesGenerator,
    PagesGenerator,
    SourceFileGenerator,
    StaticGenerator,
    TemplatePagesGenerator,
)
from pelican.paginator import Paginator
from pelican.utils import order_content, process_translations
from pelican.writers import FileOverwriteFailedError

from ..checks import pelican_failures
from ..content.kinds import KINDS
from ..content.visibility import POST_INSTANTS, UNLISTED_INSTANTS, every_post, instants, split_published
from ..outputs import fragments, seo, site_files
from ..outputs import urls as frozen_urls
from ..outputs.redirects import RedirectsGenerator
from ..outputs.render_memo import Fingerprints, RenderMemo
from ..outputs.writer import shown_text
from .page_changes import MISSING, same
from .page_deps import Deps, Destination, RefreshWriter, forget_text
from .sitemap_patch import SITEMAP_PLUGIN as _SITEMAP_PLUGIN
from .sitemap_patch import Sitemap

log = logging.getLogger(__name__)

#: Header fields a save may change and still be applied here; any other field builds in full.
#: Status only as written ("Status: published" added, removed or capitalised): a post or page
#: whose status is not published, before or after, builds in full (_check_common).
EDITABLE = frozenset({"title", "date", "category", "tags", "summary", "status"})
#: Writer arguments that are not names in the page's context (Pelican's write_file parameters).
_WRITE_PARAMETERS = ("relative_urls", "paginated", "template_name", "override_output", "url")
#: Threads that write the preview's re-made files while pages render (page_deps.Destination).
_WRITERS = 4


class NeedsFullBuild(Exception):
    """This save is not one the header path can apply: the caller builds in full."""


@dataclass
class Kept:
    """What a build leaves for the next header edit: its Pelican, generators and render memo."""

    pelican: Any
    generators: list
    memo: RenderMemo | None
    sitemap: Sitemap | None = None  # its entries, to update one by one (sitemap_patch.py)


@dataclass
class Applied:
    """What one header edit did."""

    deps: Deps
    post: Content  # the new object, in the old one's place
    written: list[str] = field(default_factory=list)  # files replaced, added or deleted
    added: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    #: Printed posts that link to the moved post: their print files show its old address until
    #: the caller makes them again (tools/reprint.py); empty when `apply`'s printer did.
    printed: list[Content] = field(default_factory=list)


def header_fields(header: str) -> dict[str, str] | None:
    """A header's fields by lower-case name (continuation lines kept); None if it is not plain fields."""
    fields: dict[str, str] = {}
    last = None
    for line in header.splitlines():
        if line[:1] in (" ", "\t") and last is not None:
            fields[last] += "\n" + line
            continue
        name, colon, value = line.partition(":")
        key = name.strip().lower()
        if not colon or not key or " " in key or key in fields:
            return None
        fields[key] = value.strip()
        last = key
    return fields


def editable(old_header: str, new_header: str) -> bool:
    """Whether going from `old_header` to `new_header` changes only EDITABLE fields (and some)."""
    old, new = header_fields(old_header), header_fields(new_header)
    if old is None or new is None or old == new:
        return False
    changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    return changed <= EDITABLE


# --- Checks made before anything is changed -------------------------------------------------------

def _one(generators: list, kind: type) -> Any:
    found = [g for g in generators if isinstance(g, kind)]
    if len(found) != 1:
        raise NeedsFullBuild(f"{len(found)} {kind.__name__}")
    return found[0]


def _receivers(signal) -> set[str]:
    return {getattr(r, "__qualname__", repr(r)) for r in signal.receivers_for(ANY)}


#: The receivers whose work this module does itself (or lets run): any other is a plugin it does
#: not know, whose work on the new post it could not repeat.
_KNOWN_RECEIVERS = {
    "article_generator_pretaxonomy": {"on_articles_pretaxonomy"},
    "article_generator_finalized": {"on_articles_finalized"},
    "page_generator_finalized": {"on_pages_finalized"},
    "all_generators_finalized": {"on_all_generators_finalized"},
    "article_generator_write_article": set(),
    "page_generator_write_page": set(),
    "page_writer_finalized": set(),
    "article_writer_finalized": set(),
    "content_written": {"SitemapGenerator.queue_page"},
    "feed_written": set(),
}
_KNOWN_GENERATORS = (ArticlesGenerator, PagesGenerator, StaticGenerator, TemplatePagesGenerator,
                     SourceFileGenerator, RedirectsGenerator)


def _check_setup(generators: list, settings: dict) -> None:
    from ..plugin import SectionsGenerator

    for name, known in _KNOWN_RECEIVERS.items():
        if not _receivers(getattr(signals, name)) <= known:
            raise NeedsFullBuild(f"another plugin listens to {name}")
    if any(not isinstance(g, (*_KNOWN_GENERATORS, SectionsGenerator)) for g in generators):
        raise NeedsFullBuild("a generator of another plugin")
    if settings.get("TEMPLATE_PAGES") or settings.get("OUTPUT_SOURCES"):
        raise NeedsFullBuild("template pages or sources are written")


def _has_redirects(settings: dict, context: dict) -> bool:
    from ..content import redirects

    cs = settings["CAMPAIGN"]
    if (cs.content_dir / redirects.FILE).exists():
        return True
    return any(obj.metadata.get("redirect_from") for key in ("articles", "hidden_articles", "pages", "hidden_pages")
               for obj in context.get(key, []))


def _read(generator, old: Content) -> Content:
    """`old`'s file read again as Pelican reads it: its generator's reader, cache and signals."""
    from ..markdown.reader import CampaignMarkdownReader

    is_article = isinstance(generator, ArticlesGenerator)
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, CampaignMarkdownReader):
        raise NeedsFullBuild("not read by the campaign's reader")
    kept, reader.problems = reader.problems, []
    try:
        new = generator.readers.read_file(
            base_path=generator.path, path=old.get_relative_source_path(),
            content_class=Article if is_article else PelicanPage, context=generator.context,
            preread_signal=signals.article_generator_preread if is_article else signals.page_generator_preread,
            preread_sender=generator,
            context_signal=signals.article_generator_context if is_article else signals.page_generator_context,
            context_sender=generator)
        problems = list(reader.problems)
    finally:
        reader.problems = kept
    if problems or isinstance(new, SkipStub) or not new.is_valid():
        raise NeedsFullBuild("the file has problems (the full build reports them)")
    return new


def _check_post(new: Content, old: Content, settings: dict) -> None:
    from ..plugin import classify_post

    cs = settings["CAMPAIGN"]
    problems: list = []
    classify_post(new, cs, problems)
    if problems:
        raise NeedsFullBuild("the header has problems (the full build reports them)")
    kind = KINDS[new.kind]
    if new.kind != old.kind or kind.printable or kind.attribute:
        raise NeedsFullBuild("a kind with print files, calendars or fields of its own")
    if any(getattr(p, name, None) for p in (old, new) for name in ("downloads", "event", "motion")):
        raise NeedsFullBuild("a post with print files or an event")
    if split_published([new], cs.now)[1]:
        raise NeedsFullBuild("the post is embargoed now")
    if not cs.preview and new.date != old.date and settings.get(UNLISTED_INSTANTS) is None:
        raise NeedsFullBuild("the build recorded no instants of the posts it left out (built before they were kept)")


def _check_common(new: Content, old: Content, settings: dict, context: dict) -> None:
    if new.status != "published" or new.status != old.status or new.lang != old.lang:
        raise NeedsFullBuild("its status or language changed")
    if getattr(old, "translations", None):
        raise NeedsFullBuild("a translated post")
    if new.get_static_links() != old.get_static_links() or seo.own_image(new) != seo.own_image(old):
        raise NeedsFullBuild("its pictures or files changed")
    if _has_redirects(settings, context):
        raise NeedsFullBuild("the site has redirects (checked against every address)")


def _linkers(new: Content, old: Content, headers: list[str], sources: list[Content]) -> list[Content]:
    """The other posts and pages whose text may link to `old` (by its file name), when its address moves."""
    if (new.url, new.save_as) == (old.url, old.save_as):
        return []
    name = os.path.basename(old.source_path)
    if any(name in header for header in headers):
        # A link in a header (a summary) is resolved once, when Pelican reads the posts.
        raise NeedsFullBuild("its address moves and a header may link to it")
    return [obj for obj in sources if obj is not old and name in str(getattr(obj, "_content", "") or "")]


def _printed(linkers: list[Content], deps: Deps) -> list[Content]:
    """The linkers whose text feeds a file made outside the writer: print files, made again by
    tools/reprint.py. A calendar is made from an event's summary, which shows no address (a
    header link to the moved post was refused); any other such file is not one this module knows."""
    found = [obj for obj in linkers if deps.untracked_text(obj)]
    for obj in found:
        # The plugin reads a post's text outside the writer only for its print files (downloads.py)
        # and an event's calendar (its summary, cut from the text when the header has none).
        if not getattr(obj, "downloads", None) or getattr(obj, "event", None) is not None:
            raise NeedsFullBuild("its address moves and a post that links to it feeds a file outside the writer")
    return found


# --- Working out again what depends on the headers -----------------------------------------------

def _replaced_in_order(published: list, old: Content, new: Content, settings: dict, kind: str) -> list:
    """`published` with `new` for `old`, as Pelican lists it (translations apart, then ordered by
    `{kind}_ORDER_BY`); NeedsFullBuild if the new header makes it a translation."""
    replaced = [new if item is old else item for item in published]
    translation_id = settings[f"{kind}_TRANSLATION_ID"]
    if not _all_originals(replaced, translation_id):
        originals, translations = process_translations(replaced, translation_id=translation_id)
        if translations or len(originals) != len(replaced):
            raise NeedsFullBuild("the new header makes it a translation")
        replaced = originals
    return order_content(replaced, settings[f"{kind}_ORDER_BY"])


def _all_originals(items: list, translation_id: Any) -> bool:
    """Pelican's process_translations on `items` (in place) when each is alone in its group, which
    is then all it does: sort them by the translation id and give each no translations. False
    (nothing done) otherwise: Pelican's own, which compares every item with every other, decides."""
    if not isinstance(translation_id, str) or not translation_id:
        return False
    key = attrgetter(translation_id)
    try:
        ids = [key(item) for item in items]
        alone = len(set(ids)) == len(ids)
    except (AttributeError, TypeError):
        return False
    # (One marked a translation, alone in its group, makes Pelican warn: its own path decides.)
    if alone and any(str(item.metadata.get("translation", "false")).lower() != "false" for item in items):
        return False
    if alone:
        items.sort(key=key)
        for item in items:
            item.translations = []
    return alone


def _period_archives(sorted_articles: list, articles: list, settings: dict) -> dict:
    """Pelican's ArticlesGenerator._build_period_archives, each period's posts picked out by
    identity (Content has no __eq__, so `in` is identity there too) instead of a search of the
    period's list for every post."""
    period_archives: dict = defaultdict(list)
    key_funcs = {"year": attrgetter("date.year"), "month": attrgetter("date.year", "date.month"),
                 "day": attrgetter("date.year", "date.month", "date.day")}
    for granularity in ("year", "month", "day"):
        save_as_fmt = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
        url_fmt = settings[f"{granularity.upper()}_ARCHIVE_URL"]
        if not save_as_fmt:
            continue
        for period, group in groupby(sorted_articles, key=key_funcs[granularity]):
            archive: dict = {}
            dates = list(group)
            archive["dates"] = dates
            shown = {id(a) for a in dates}
            archive["articles"] = [a for a in articles if id(a) in shown]
            d = dates[0].date
            archive["save_as"] = save_as_fmt.format(date=d)
            archive["url"] = url_fmt.format(date=d)
            if granularity == "year":
                archive["period"] = (period,)
                archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                if granularity == "month":
                    archive["period"] = (period[0], month_name)
                else:
                    archive["period"] = (period[0], month_name, period[2])
                archive["period_num"] = tuple(period)
            period_archives[granularity].append(archive)
    return period_archives


def _replace_article(generator, old: Content, new: Content) -> None:
    """Pelican's generate_context from its list of published posts on, with `new` for `old`."""
    settings = generator.settings
    generator.articles = _replaced_in_order(generator.articles, old, new, settings, "ARTICLE")
    categories, tags, authors = defaultdict(list), defaultdict(list), defaultdict(list)
    for article in generator.articles:
        # As Pelican does: only the listed posts (not translations, drafts or hidden ones).
        if hasattr(article, "category"):
            categories[article.category].append(article)
        for tag in getattr(article, "tags", None) or []:
            tags[tag].append(article)
        for author in getattr(article, "authors", []):
            authors[author].append(article)
    generator.tags = tags
    generator.dates = sorted(generator.articles, key=attrgetter("date"),
                             reverse=generator.context["NEWEST_FIRST_ARCHIVES"])
    generator.period_archives = _period_archives(generator.dates, generator.articles, settings)
    generator.categories = sorted(categories.items(), reverse=settings["REVERSE_CATEGORY_ORDER"])
    generator.authors = sorted(authors.items())
    generator._update_context(("articles", "drafts", "hidden_articles", "dates", "tags", "categories",
                               "authors", "related_posts"))
    generator.context["period_archives"] = generator.period_archives
    frozen_urls.freeze([new])  # plugin.on_articles_finalized, for the one new post
    settings[POST_INSTANTS] = _post_instants(generator, settings)


def _post_instants(generator, settings: dict) -> list:
    """plugin.on_articles_pretaxonomy's instants of every post read, any status, after the edit.

    The preview keeps every post (drafts and embargoed ones too). A published build keeps only
    the published ones; the others' instants are those the build recorded (UNLISTED_INSTANTS):
    the edit changed none of them (the post was and stays published, _check_post). Both are
    sets of instants, so their union is what the plugin works out from all the posts at once.
    """
    now = settings["CAMPAIGN"].now
    if settings["CAMPAIGN"].preview:
        return instants(every_post(generator), now)
    listed = [*generator.articles, *generator.translations]
    unlisted = settings.get(UNLISTED_INSTANTS)
    if unlisted is None:
        return settings[POST_INSTANTS]  # (an older record: the date is as it was, _check_post)
    return sorted(set(instants(listed, now)) | set(unlisted))


def _replace_page(generator, old: Content, new: Content) -> None:
    """Pelican's PagesGenerator.generate_context from its list of published pages on."""
    generator.pages = _replaced_in_order(generator.pages, old, new, generator.settings, "PAGE")
    generator.context["pages"] = generator.pages
    frozen_urls.freeze([new])  # plugin.on_pages_finalized, for the one new page


# --- Which pages to render ------------------------------------------------------------------------

class Judge:
    """Decides, page by page, whether a page may differ from what the last build wrote."""

    def __init__(self, calls: list, memo: RenderMemo, site: dict, site_changed: set[str],
                 edited: frozenset[int], settings: dict, always: set[str]):
        self.memo, self.site, self.site_changed, self.edited, self.settings, self.always = (
            memo, site, site_changed, edited, settings, always)
        self.old: dict[tuple[str, str], Any] = {}
        self.by_post: dict[int, Any] = {}  # id of a post -> the last build's call of its own page
        self.index: dict[int, int] = {}  # id of a last build's call -> its index
        for n, call in enumerate(calls):
            key = (call.method, str(call.args[0] if call.method == "write_file" else call.args[2]))
            self.old[key] = None if key in self.old else call  # two calls, one name: not compared
            self.index[id(call)] = n
            post = call.kwargs.get("article") if call.method == "write_file" else None
            if post is not None:
                # A post's own page: at most one call each (two: neither is taken as its last).
                self.by_post[id(post)] = None if id(post) in self.by_post else call
        self.outputs: dict[int, list[str]] = defaultdict(list)  # the last build's outputs, by call index
        self._same: dict[tuple[int, int], bool] = {}
        self._old_call: Any = None
        self._call_changed = True
        self._changed_names: set[str] = set()
        self._names_of_call: set[str] = set()
        self._pages_changed: dict[str, set[int] | None] = {}

    def start_call(self, name: str, template, context: dict, kwargs: dict) -> None:
        """A write_file call begins: compare it with the last build's call of the same name."""
        old = self._old_call = self.old.get(("write_file", str(name)))
        shown = {k: v for k, v in kwargs.items() if k not in _WRITE_PARAMETERS}
        if old is not None and context is not self.site:
            # A context of its own (Pelican's period archives copy the site's and add to it):
            # what it holds beyond the site's is compared as the call's own arguments.
            own = {k for k in context.keys() | old.args[2].keys()
                   if context.get(k, MISSING) is not self.site.get(k, MISSING)}
            shown |= {k: context.get(k, MISSING) for k in own if k not in shown}
            old_own = {k: old.args[2].get(k, MISSING) for k in own}
        else:
            old_own = {}
        self._names_of_call, self._pages_changed = set(shown), {}
        self._call_changed = old is None or old.args[1] is not template or \
            any(not same(old.kwargs.get(k, MISSING), kwargs.get(k, MISSING))
                for k in _WRITE_PARAMETERS if k != "paginated") or len(old.args) != len((name, template, context))
        if self._call_changed or old is None:
            return
        old_shown = {**old_own, **{k: v for k, v in old.kwargs.items() if k not in _WRITE_PARAMETERS}}
        self._changed_names = {k for k in shown.keys() | old_shown.keys()
                               if not self.same(old_shown.get(k, MISSING), shown.get(k, MISSING))}
        self._names_of_call |= set(old_shown)
        template_name = kwargs.get("template_name")
        if template_name not in self.settings["PAGINATED_TEMPLATES"]:
            return
        per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
        new_lists, old_lists = (call.get("paginated") or {k: v for k, v in call.items() if k in {"articles", "dates"}}
                                for call in (kwargs, old.kwargs))
        if new_lists.keys() != old_lists.keys():
            self._call_changed = True
            return
        for key, posts in new_lists.items():
            if self.same(old_lists[key], posts):
                self._pages_changed[key] = set()  # the same posts, in the same order: no page changed
                continue
            self._pages_changed[key] = _changed_pages(
                Paginator(name, kwargs.get("url"), old_lists[key], self.settings, per_page),
                Paginator(name, kwargs.get("url"), posts, self.settings, per_page), self.edited)

    def kept_post_call(self, post: Content, template, context: dict) -> tuple[Any, list[str]] | None:
        """The last build's call of `post`'s own page and its outputs, when `post` is that call's
        very object (not an edited one: a post is never changed in place, so its address, section
        and fields are what they were), made with this template and site, and none of its pages
        read a name whose value may have changed; None: the call is made and judged as any other."""
        old = self.by_post.get(id(post))
        if old is None or old.kwargs.get("article") is not post or id(post) in self.edited \
                or old.args[1] is not template or old.args[2] is not context:
            return None
        rels = self.outputs.get(self.index[id(old)], [])
        if not rels:
            return None
        for rel in rels:
            names = self.memo.names_of(rel)
            if names is None or rel in self.always or not self.site_changed.isdisjoint(names):
                return None
        return old, rels

    def same(self, old: Any, new: Any) -> bool:
        """page_changes.same, remembered for lists and dicts (many calls pass the same site-wide list)."""
        if not isinstance(old, (list, dict)) or not isinstance(new, (list, dict)):
            return same(old, new, self.edited)
        key = (id(old), id(new))
        if key not in self._same:
            self._same[key] = same(old, new, self.edited)
        return self._same[key]

    def unchanged_call(self) -> list[str] | None:
        """The outputs of the call begun, when none of them may differ (none rendered, none written)."""
        old = self._old_call
        if self._call_changed or old is None or any(v is None or v for v in self._pages_changed.values()):
            return None
        rels = self.outputs.get(self.index[id(old)], [])
        if not rels:
            return None
        changed = self._changed_names | self.site_changed
        for rel in rels:
            names = self.memo.names_of(rel)
            if names is None or rel in self.always or not changed.isdisjoint(names):
                return None
        return rels

    def may_differ(self, rel: str, context: dict) -> bool:
        """Whether the page at `rel` (its context as Pelican made it) may differ from the file."""
        names = self.memo.names_of(rel)
        if self._call_changed or names is None or rel in self.always:
            return True
        paged = {f"{key}_{part}": key for key in self._pages_changed
                 for part in ("page", "previous_page", "next_page", "paginator")}
        for name in names:
            if name in paged:
                changed = self._pages_changed[paged[name]]
                number = context[f"{paged[name]}_page"].number
                if changed is None or changed & {number - 1, number, number + 1}:
                    return True
            elif name in self._names_of_call:
                if name in self._changed_names:
                    return True
            elif name in self.site_changed:
                return True
        return False

    def feed_may_differ(self, rel: str, elements: list, args: tuple, kwargs: dict) -> bool:
        """Whether the feed at `rel` may differ: its first items or its arguments changed."""
        old = self.old.get(("write_feed", rel))
        if old is None or rel in self.always:
            return True
        limit = self.settings.get("FEED_MAX_ITEMS")
        old_elements = old.args[0][:limit] if limit else old.args[0]
        new_elements = elements[:limit] if limit else elements
        return not (same(old_elements, new_elements, self.edited) and same(old.args[3:], args)
                    and same(old.kwargs, kwargs))


def _generate_tags(generator, judge: Judge, write) -> None:
    """Pelican's ArticlesGenerator.generate_tags, a tag's `dates` taken from its last call when its
    posts are the same ones (Pelican works each out by a search of every post, for every tag)."""
    tag_template = generator.get_template("tag")
    for tag, articles in generator.tags.items():
        old = judge.old.get(("write_file", str(tag.save_as)))
        if old is not None and judge.same(old.kwargs.get("articles"), articles):
            # The same posts, none of them the edited one: in the same order in `dates` (its order
            # is the posts' dates, then slugs, and no other post's date changed).
            dates = old.kwargs["dates"]
        else:
            shown = {id(a) for a in articles}  # (Content has no __eq__: `in` is identity)
            dates = [article for article in generator.dates if id(article) in shown]
        try:
            write(tag.save_as, tag_template, generator.context, tag=tag, url=tag.url, articles=articles,
                  dates=dates, template_name="tag", blog=True, page_name=tag.page_name,
                  all_articles=generator.articles)
        except FileOverwriteFailedError:
            if tag.slug:
                raise
            # As Pelican does: a tag with no slug has no page.


def _generate_articles(generator, judge: Judge, writer: RefreshWriter, write) -> None:
    """Pelican's ArticlesGenerator.generate_articles; a post's page whose last call still holds
    (Judge.kept_post_call) is only recorded again (RefreshWriter.keep_call): judging a thousand
    calls one by one cost more than rendering the few that changed."""
    announce = signals.article_generator_write_article
    for article in chain(generator.translations, generator.articles, generator.hidden_translations,
                         generator.hidden_articles):
        if announce.receivers:  # (none, _check_setup: blinker's send costs even so)
            announce.send(generator, content=article)
        template = generator.get_template(article.template)
        kept = judge.kept_post_call(article, template, generator.context)
        if kept is not None:
            writer.keep_call(*kept)
            continue
        write(article.save_as, template, generator.context, article=article,
              category=getattr(article, "category", None), override_output=hasattr(article, "override_save_as"),
              url=article.url, blog=True)


def _generate_taxonomy(generator, judge: Judge, write, kind: str) -> None:
    """Pelican's ArticlesGenerator.generate_categories (`kind` "category") or generate_authors
    ("author"), each one's `dates` taken from its last call when its posts are the same ones, or
    else picked out by identity (Pelican searches the list of its posts for every post)."""
    template = generator.get_template(kind)
    for item, articles in (generator.categories if kind == "category" else generator.authors):
        old = judge.old.get(("write_file", str(item.save_as)))
        if old is not None and judge.same(old.kwargs.get("articles"), articles):
            dates = old.kwargs["dates"]  # (as for tags, _generate_tags)
        else:
            shown = {id(a) for a in articles}
            dates = [article for article in generator.dates if id(article) in shown]
        try:
            write(item.save_as, template, generator.context, url=item.url, **{kind: item}, articles=articles,
                  dates=dates, template_name=kind, blog=True, page_name=item.page_name,
                  all_articles=generator.articles)
        except FileOverwriteFailedError:
            if item.slug:
                raise
            # As Pelican does: one with no slug has no page.


def _changed_pages(old: Paginator, new: Paginator, edited: frozenset[int]) -> set[int] | None:
    """The page numbers whose posts differ (None: the pages themselves differ)."""
    if (old.count, old.num_pages, old.per_page, old.orphans) != (new.count, new.num_pages, new.per_page, new.orphans):
        return None
    return {n for n in range(1, new.num_pages + 1)
            if not same(old.page(n).object_list, new.page(n).object_list, edited)}


# --- The edit ------------------------------------------------------------------------------------

def apply(kept: Kept, deps: Deps, output: Path, old: Content, headers: list[str], sources: list[Content],
          held: dict[str, bytes] | None = None, printer: Callable[[list[Content]], None] | None = None) -> Applied:
    """Apply the header edit of `old`'s file to the kept generators and rewrite what it changed.

    `headers`, `sources`: every source file's header and post or page as they are now, for the
    links to `old` they may hold. `held`: when given, nothing in `output` changes; the files
    that change are put there (by path in the output folder, their new bytes), and those to
    delete are `Applied.gone`, for the caller to move in together (tools/header_path.py).
    `printer`: when given, it makes the print files of the printed posts that link to a moved
    `old` (their text then shows its new address), before any page is made; else they are
    `Applied.printed`, for the caller to print after the pages (the live preview).
    """
    from ..plugin import SectionsGenerator

    settings = kept.pelican.settings
    generators = kept.generators
    if kept.memo is None:
        raise NeedsFullBuild("no render memo (no cache folder)")
    _check_setup(generators, settings)
    articles, pages = _one(generators, ArticlesGenerator), _one(generators, PagesGenerator)
    sections = _one(generators, SectionsGenerator)
    if any(a is old for a in articles.articles):
        generator = articles
    elif any(p is old for p in pages.pages):
        generator = pages
    else:
        raise NeedsFullBuild("not a published post or page")
    if deps.untracked(old):
        raise NeedsFullBuild("its text feeds a file made outside the writer")
    new = _read(generator, old)
    if generator is articles:
        _check_post(new, old, settings)
    _check_common(new, old, settings, generator.context)
    linkers = _linkers(new, old, headers, sources)
    printed = _printed(linkers, deps)
    context = generator.context
    before = dict(context)
    # From here on the generators change: a failure leaves them to the full build that follows.
    (_replace_article if generator is articles else _replace_page)(generator, old, new)
    context["generated_content"][old.get_relative_source_path()] = new
    new.refresh_metadata_intersite_links()
    broken = pelican_failures.unresolved_links(new.content)
    if broken:
        raise NeedsFullBuild("a link Pelican could not resolve (the full build reports it)")
    sections.aggregate()
    always = {os.path.normpath(p.save_as) for p in (old, new)}
    for obj in linkers:  # their text shows the new address: worked out again, and shown again
        forget_text(obj)
        fragments.forget(obj)
        always |= deps.outputs_of(obj)  # (a printed one's too: they show its print files' sizes)
    if printed and printer is not None:
        printer(printed)  # its `downloads` replaced: the pages in `always` show them
        printed = []
    edited = frozenset({id(old), id(new)})
    # A setting (upper case) is the same object it was, holding no post: not looked into.
    site_changed = {name for name in before.keys() | context.keys()
                    if not (name.isupper() and before.get(name, MISSING) is context.get(name, MISSING))
                    and not same(before.get(name, MISSING), context.get(name, MISSING), edited)}
    memo = RenderMemo(kept.memo.record, kept.memo.base, output, Fingerprints(shown_text), last=kept.memo)
    judge = Judge(deps.calls, memo, context, site_changed, edited, settings, always)
    for rel, n in deps.made_by.items():
        judge.outputs[n].append(rel)
    put = Destination(output, held, workers=_WRITERS)
    try:
        writer, queue = _refresh(generators, articles, pages, sections, settings, output, deps, judge, put)
        put.finish()
    finally:
        put.close()
    pages_made = _sitemap_pages(queue)
    kept.memo = memo
    done = Applied(writer.deps, new, list(writer.changed), printed=printed)
    done.added = set(writer.deps.made_by) - set(deps.made_by)
    done.gone = set(deps.made_by) - set(writer.deps.made_by)
    _card(done, old, new, sections, settings, put)
    for rel in sorted(done.gone):
        put.delete(rel)
        done.written.append(rel)
    if pages_made is not None:
        _new_sitemap(kept, done, pages_made, edited, settings, put,
                     changed=bool(done.added or done.gone) or
                     (new.url, getattr(new, "date", None)) != (old.url, getattr(old, "date", None)))
    log.debug("header edit: %d pages rendered, %d reused, %d kept", memo.rendered, memo.reused, len(writer.kept))
    return done


def _refresh(generators: list, articles, pages, sections, settings: dict, output: Path, deps: Deps, judge: Judge,
             put: Destination) -> tuple[RefreshWriter, list | None]:
    """The build's writer calls made again through a RefreshWriter; it and the sitemap's queue."""
    writer = RefreshWriter(str(output), settings, deps, judge, put)
    writer.deps.carry_untracked(deps)  # a post printed or in a calendar still is: no replay updates it
    queue = _sitemap_queue()
    for each in generators:  # in the build's order, their writer calls only
        if each is articles:
            articles.generate_feeds(writer)
            articles.generate_articles = partial(_generate_articles, articles, judge, writer)
            articles.generate_tags = partial(_generate_tags, articles, judge)
            articles.generate_categories = partial(_generate_taxonomy, articles, judge, kind="category")
            articles.generate_authors = partial(_generate_taxonomy, articles, judge, kind="author")
            try:
                articles.generate_pages(writer)
            finally:
                # Pelican's own again
                del articles.generate_articles, articles.generate_tags, articles.generate_categories, \
                    articles.generate_authors
        elif each is pages:
            pages.generate_output(writer)
        elif each is sections:
            sections.write_listings(writer)
    return writer, queue


def _card(done: Applied, old: Content, new: Content, sections, settings: dict, put: Destination) -> None:
    """The post's drawn card (it shows the title): made again, and moved with the post."""
    if not isinstance(new, Article):
        return
    cs = settings["CAMPAIGN"]
    fonts = cs.theme_dir / "static" / "fonts"
    cards = site_files.post_cards([new], cs.brand, settings, fonts, sections.derived)
    old_path = seo.post_card_path(old) if not seo.own_image(old) else None
    for rel, data in cards.items():
        if put.put(rel, data):
            done.written.append(rel)
            done.added.add(rel)
    if old_path and old_path not in cards:
        put.delete(old_path, folders=False)
        done.gone.add(old_path)
        done.written.append(old_path)


# --- The sitemap (pelican-plugins/sitemap), made again from every page's context -------------------

def _sitemap_queue() -> list | None:
    plugin = sys.modules.get(_SITEMAP_PLUGIN)
    if plugin is None:
        return None
    plugin.generator.page_queue = []  # the plugin empties it after each build's sitemap too
    return plugin.generator.page_queue


def _sitemap_pages(queue: list | None) -> list | None:
    plugin = sys.modules.get(_SITEMAP_PLUGIN)
    if plugin is None or queue is None:
        return None
    made, plugin.generator.page_queue = list(plugin.generator.page_queue), []
    return made


def _new_sitemap(kept: Kept, done: Applied, queue: list, edited: frozenset[int], settings: dict,
                 put: Destination, changed: bool) -> None:
    """The sitemap: its changed entries only, when the last one's are known (sitemap_patch.py);
    else, when a page was added or removed or the post's address or date changed, in full."""
    output = put.output
    if not (output / "sitemap.xml").is_file():
        return
    text = kept.sitemap.update(queue, str(output), edited, settings) if kept.sitemap is not None else None
    if text is None:
        kept.sitemap = None  # the next edit's too: the entries kept may be out of step
        if changed:
            _sitemap(done, queue, settings, put)  # (it shows addresses and dates only)
    elif put.put("sitemap.xml", text.encode("utf-8")):
        done.written.append("sitemap.xml")


def _sitemap(done: Applied, queue: list, settings: dict, put: Destination) -> None:
    """The sitemap the plugin writes from the pages' contexts, finished as finish.finish_found does."""
    plugin = sys.modules[_SITEMAP_PLUGIN]
    output = put.output
    if not (output / "sitemap.xml").is_file():
        return
    folder = Path(tempfile.mkdtemp(prefix="sitemap-"))
    try:
        root, here = str(output), str(folder)
        plugin.generator.page_queue = [(here + path[len(root):] if path.startswith(root) else path, obj)
                                       for path, obj in queue]
        plugin.generator._write_out(SimpleNamespace(output_path=str(folder), settings=settings))
        xml = (folder / "sitemap.xml").read_text(encoding="utf-8")
    finally:
        plugin.generator.page_queue = []
        shutil.rmtree(folder, ignore_errors=True)
    text = seo.finish_sitemap(xml, seo.site_base(settings), settings["CAMPAIGN"].today)
    if put.put("sitemap.xml", text.encode("utf-8")):
        done.written.append("sitemap.xml")
