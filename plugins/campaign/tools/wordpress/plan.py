"""The import worked out in full before anything is written: files, headers, redirects, reasons."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlparse

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from ...checks.per_file import SUMMARY_MAX
from ...content.header import parse_header
from ...settings import CampaignSettings, Section
from . import body, safety
from .classify import Plan, classify
from .media import MediaStore
from .oldurls import old_paths, site_path
from .shortcodes import Attachment, split_more
from .wxr import Export, Item, Term

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass
class Entry:
    """One post or page to write."""

    plan: Plan
    slug: str
    url: str  # its new address, site-relative with a leading slash
    path: Path
    when: datetime | None
    sections: list[Section] = field(default_factory=list)
    text: str = ""
    held: list[str] = field(default_factory=list)
    missing_alt: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    kept: str = ""  # why an existing file was left alone
    clash: str = ""
    summary: str = ""
    body: str = ""
    image: tuple[str, str] | None = None  # the featured picture's new address and alt text
    lost: list[str] = field(default_factory=list)  # old addresses that are pages of the new site

    @property
    def draft(self) -> bool:
        return self.plan.draft or bool(self.held)

    def live(self, today: date) -> bool:
        return not self.draft and (self.plan.kind == "page" or self.when is None or self.when.date() <= today)


@dataclass
class Existing:
    """What content/ already holds: imported posts by WordPress ID, and every address taken."""

    by_id: dict[str, tuple[Path, str]]  # id -> (file, its text)
    urls: set[str]
    paths: set[Path]


def scan_existing(content: Path, conf: dict) -> Existing:
    """Imported posts (by their Wordpress_id) and the addresses of everything else."""
    by_id, urls, paths = {}, set(), set()
    for folder, is_page in [(f, False) for f in conf.get("ARTICLE_PATHS") or ["posts"]] + \
                           [(f, True) for f in conf.get("PAGE_PATHS") or ["pages"]]:
        for path in sorted((content / folder).rglob("*.md")):
            text = path.read_text(encoding="utf-8-sig")
            header = parse_header(text)
            paths.add(path)
            if wordpress_id := header.get("wordpress_id"):
                by_id[wordpress_id] = (path, text)
                continue
            slug = header.get("slug") or slugify(header.get("title") or path.stem,
                                                 regex_subs=_subs(conf))
            when = _parse_date(header.get("date") or "")
            urls.add(new_url(conf, is_page, slug, when))
    return Existing(by_id, urls, paths)


def _subs(conf: dict) -> list:
    """Pelican's slug substitutions (spaces to hyphens...), as the build will apply them."""
    return conf.get("SLUG_REGEX_SUBSTITUTIONS") or DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]


def _parse_date(value: str) -> datetime | None:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def new_url(conf: dict, is_page: bool, slug: str, when: datetime | None) -> str:
    """The address Pelican gives a post or page with this slug and date."""
    pattern = conf.get("PAGE_URL", "{slug}.html") if is_page else conf.get("ARTICLE_URL", "{slug}.html")
    return "/" + pattern.format(slug=slug, date=when or datetime(1970, 1, 1), lang="", category="").lstrip("/")


def summary_of(item: Item, more: str | None) -> str:
    """The excerpt, else the text before <!--more-->, else the first sentences, within the limit."""
    for source in (item.excerpt, more, item.content):
        text = body.plain_text(source or "")
        if not text:
            continue
        if len(text) <= SUMMARY_MAX:
            return text
        out = ""
        for sentence in _SENTENCE.split(text):
            if len(out) + len(sentence) + 1 > SUMMARY_MAX - 1:
                break
            out = f"{out} {sentence}".strip()
        return out or text[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…"
    return unescape(item.title)


def _one_line(text: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split())


@dataclass
class Import:
    """Everything the dry run reports and the real run writes."""

    export: Export
    plans: list[Plan]
    entries: list[Entry]
    media: MediaStore
    toml_redirects: dict[str, str]
    category_counts: dict[str, int]
    categories: list[Term]


def categories_of(export: Export) -> tuple[list[Term], dict[str, int]]:
    """Every category (declared or only used on items) and how many posts name it."""
    terms = {t.slug: t for t in export.categories}
    counts: dict[str, int] = {}
    for item in export.items:
        if item.post_type != "post":
            continue
        for term in item.categories or [Term("", "uncategorized", "Uncategorized")]:
            terms.setdefault(term.slug, term)
            counts[term.slug] = counts.get(term.slug, 0) + 1
    return sorted(terms.values(), key=lambda t: t.slug), counts


def _category_path(term: Term, terms: dict[str, Term]) -> str:
    chain, seen = [term.slug], {term.slug}
    while (parent := terms[chain[0]].parent if chain[0] in terms else "") and parent not in seen:
        chain.insert(0, parent)
        seen.add(parent)
    return "/".join(chain)


def make_plan(export: Export, conf: dict, cs: CampaignSettings, mapping: dict[str, list[Section]],
              existing: Existing, media: MediaStore) -> Import:
    """Classify, name, convert and link every item; nothing is written."""
    plans = [classify(item) for item in export.items]
    categories, counts = categories_of(export)
    content = cs.content_dir
    attachments = {i.post_id: Attachment(i.attachment_url or i.link, i.meta_one("_wp_attachment_image_alt"),
                                         _one_line(i.excerpt)) for i in export.items if i.post_type == "attachment"}
    taken = set(existing.urls)
    entries: list[Entry] = []
    for plan in (p for p in plans if p.kind):
        entries.append(_entry(plan, conf, cs, mapping, existing, taken, content))
    by_old: dict[str, Entry] = {}
    for entry in entries:
        for old in old_paths(entry.plan.item, export.base_url):
            by_old.setdefault(old, entry)
    # Links to category archives of the old site go to the sections they became.
    by_cat = {u: t for u, t in _category_redirects(categories, mapping, cs).items() if "?" not in u}
    # Twice: whether a post stays a draft is known only once it is converted, and a link from a
    # published post to a draft must go (the check refuses it). Unlinking holds nothing back, so
    # the second pass is final.
    for _ in range(2):
        for entry in entries:
            entry.held, entry.missing_alt = [], []
            _convert(entry, export, attachments, media, by_old, by_cat, content, cs.today)
    taken_slashless = {u.rstrip("/") for u in existing.urls | {e.url for e in entries}}
    for entry in entries:
        for old in old_paths(entry.plan.item, export.base_url):
            if old.rstrip("/") in taken_slashless:
                if old.rstrip("/") != entry.url.rstrip("/"):
                    entry.lost.append(old)  # a page of the new site answers there now
            elif by_old.get(old) is entry:  # an address two items claim leads to the first
                entry.redirects.append(old)
        entry.text = _render(entry, existing)
    for attachment in attachments.values():
        media.resolve(attachment.url)  # every upload gets its new address, used in a post or not
    claimed = {old.rstrip("/") for e in entries for old in e.redirects} | taken_slashless
    toml = {old: new for old, new in _site_redirects(export, conf, cs, mapping, categories, entries, media).items()
            if old.rstrip("/") not in claimed}
    return Import(export, plans, entries, media, toml, counts, categories)


def _entry(plan: Plan, conf: dict, cs: CampaignSettings, mapping: dict[str, list[Section]], existing: Existing,
           taken: set[str], content: Path) -> Entry:
    item, is_page = plan.item, plan.kind == "page"
    when = _parse_date(item.date) if not item.date.startswith("0000") else None
    when = when or datetime.combine(cs.today, datetime.min.time())
    base = slugify(unquote(item.slug), regex_subs=_subs(conf)) if item.slug else ""
    base = base or slugify(_one_line(item.title) or f"wordpress-{item.post_id}",
                           regex_subs=_subs(conf))
    slug, clash, n = base, "", 1
    while new_url(conf, is_page, slug, when) in taken:
        n += 1
        slug = f"{base}-{n}"
        clash = f"the address {new_url(conf, is_page, base, when)} is taken; imported as {slug}"
    url = new_url(conf, is_page, slug, when)
    taken.add(url)
    sections: list[Section] = []
    if not is_page:
        for term in item.categories or [Term("", "uncategorized", "Uncategorized")]:
            for section in mapping.get(term.slug) or mapping.get("*", []):
                if section not in sections:
                    sections.append(section)
    if item.post_id in existing.by_id:
        path = existing.by_id[item.post_id][0]
    elif is_page:
        path = content / (conf.get("PAGE_PATHS") or ["pages"])[0] / f"{slug}.md"
    else:
        folder = content / (conf.get("ARTICLE_PATHS") or ["posts"])[0] / (sections[0].slug if sections else "unsorted")
        path = folder / f"{when:%Y-%m-%d}-{slug}.md"
    if path in existing.paths and item.post_id not in existing.by_id:
        path = path.with_name(f"{path.stem}-wp{item.post_id}.md")
    return Entry(plan, slug, url, path, None if is_page else when, sections, clash=clash)


def _convert(entry: Entry, export: Export, attachments: dict[str, Attachment], media: MediaStore,
             by_old: dict[str, Entry], by_cat: dict[str, str], content: Path, today: date) -> None:
    item = entry.plan.item

    def link(href: str) -> str | None:
        path = site_path(href, export.base_url)
        if path is None:
            return None
        key = path.split("#", 1)[0]
        target = by_old.get(key) or by_old.get(key.rstrip("/") + "/")
        if target is None:
            return by_cat.get(key.rstrip("/") + "/")
        if not target.live(today):
            return ""  # a draft or a later post: the check would refuse a link from a published post
        return "{filename}/" + target.path.relative_to(content).as_posix()

    whole, more = split_more(item.content)
    converted = body.convert(whole, body.Context(_one_line(item.title), attachments, media.resolve, link))
    entry.held += converted.held
    entry.missing_alt += converted.missing_alt
    entry.summary = summary_of(item, more)
    entry.body = converted.markdown
    thumb = attachments.get(item.meta_one("_thumbnail_id"))
    entry.image = None
    if thumb and thumb.alt:
        new = media.resolve(thumb.url)
        if new:
            entry.image = (new, thumb.alt)


def _render(entry: Entry, existing: Existing) -> str:
    item = entry.plan.item
    lines = [f"Title: {_one_line(item.title) or 'Untitled (WordPress ' + item.post_id + ')'}"]
    if entry.plan.kind == "post":
        lines.append(f"Date: {entry.when:%Y-%m-%d %H:%M}")
        lines.append(f"Category: {', '.join(s.title for s in entry.sections)}")
        tags = [_one_line(t.name).replace(",", " ") for t in item.tags]
        if tags:
            lines.append(f"Tags: {', '.join(tags)}")
        lines.append(f"Summary: {entry.summary}")
    lines.append(f"Slug: {entry.slug}")
    if entry.image:
        lines += [f"Image: {entry.image[0]}", f"Image_alt: {entry.image[1]}"]
    if entry.draft:
        lines.append("Status: draft")
    if entry.redirects:
        lines.append(f"Redirect_from: {', '.join(entry.redirects)}")
    lines.append(f"Wordpress_id: {item.post_id}")
    text = "\n".join(lines) + "\n\n" + entry.body
    text = safety.with_digest(text)
    if item.post_id in existing.by_id:
        path, old = existing.by_id[item.post_id]
        if not safety.post_unchanged(old, parse_header(old).get("wordpress_digest")):
            entry.kept = f"{path.name} was edited since the last import: left as it is"
    return text


def _category_redirects(categories: list[Term], mapping: dict[str, list[Section]],
                        cs: CampaignSettings) -> dict[str, str]:
    """/category/<parent>/<slug>/ (and its feed, and /?cat=ID) -> the first section it became."""
    out: dict[str, str] = {}
    terms = {t.slug: t for t in categories}
    for term in categories:
        sections = mapping.get(term.slug) or mapping.get("*") or []
        if not sections:
            continue
        old = f"/category/{_category_path(term, terms)}/"
        out[old] = "/" + sections[0].url
        if cs.section_feed:
            out[old + "feed/"] = "/" + cs.section_feed.format(slug=sections[0].slug)
        if term.term_id:
            out[f"/?cat={term.term_id}"] = "/" + sections[0].url
    return out


def _archive_url(conf: dict, year: int | None) -> str:
    """The new site's archive for `year` (its year page if it has them), else its archives page, else /."""
    if year is not None and conf.get("YEAR_ARCHIVE_SAVE_AS") and conf.get("YEAR_ARCHIVE_URL"):
        return "/" + conf["YEAR_ARCHIVE_URL"].format(date=datetime(year, 1, 1)).lstrip("/")
    if "archives" in conf.get("DIRECT_TEMPLATES", ()) and conf.get("ARCHIVES_SAVE_AS"):
        url = conf.get("ARCHIVES_URL") or conf["ARCHIVES_SAVE_AS"]
        return "/" + url.removesuffix("index.html").lstrip("/")
    return "/"


def _archive_redirects(export: Export, conf: dict, live_posts: list[Entry], feed: str) -> dict[str, str]:
    """Date archives (/2020/, /2020/01/, /2020/01/15/) and author archives (/author/<login>/ and its
    feed) of the old site -> the new site's archives.

    Only for days and authors of posts that are public now: a redirect for the year of a scheduled
    post, or for the login of someone who only left drafts, would tell what the site holds back.
    (`/?author=N` is left out: WordPress itself sent it on to /author/<login>/, so links to it are
    rare, and each query form costs every host a map of its own.)
    """
    prefix = urlparse(export.base_url).path.rstrip("/")
    out: dict[str, str] = {}
    for entry in live_posts:
        day = entry.plan.item.date[:10]
        if len(day) != len("2020-01-15") or not day[:4].isdigit() or day.startswith("0000"):
            continue
        y, m, d = day.split("-")
        target = _archive_url(conf, int(y))
        for old in (f"{prefix}/{y}/", f"{prefix}/{y}/{m}/", f"{prefix}/{y}/{m}/{d}/"):
            out[old] = target
    for login in sorted({e.plan.item.creator for e in live_posts if e.plan.item.creator}):
        # WordPress's /author/ address uses the login made URL-safe (its user_nicename).
        nicename = re.sub(r"[^a-z0-9_-]+", "-", login.lower()).strip("-")
        if nicename:
            out[f"{prefix}/author/{nicename}/"] = _archive_url(conf, None)
            out[f"{prefix}/author/{nicename}/feed/"] = feed
    return out


def _site_redirects(export: Export, conf: dict, cs: CampaignSettings, mapping: dict[str, list[Section]],
                    categories: list[Term], entries: list[Entry], media: MediaStore) -> dict[str, str]:
    """Category, tag, feed and uploaded-file addresses of the old site -> their new addresses."""
    out = _category_redirects(categories, mapping, cs)
    feed = "/" + (conf.get("FEED_ALL_ATOM") or "feeds/all.atom.xml").lstrip("/")
    live_tags = {t.slug: t for e in entries if e.live(cs.today) and e.plan.kind == "post" for t in e.plan.item.tags}
    tag_url = conf.get("TAG_URL", "tag/{slug}.html")
    for slug, term in sorted(live_tags.items()):
        new = "/" + tag_url.format(slug=slugify(_one_line(term.name), regex_subs=_subs(conf)))
        if f"/tag/{slug}/" != new:
            out[f"/tag/{slug}/"] = new
        out[f"/tag/{slug}/feed/"] = new
    for old in ("/feed/", "/feed/atom/", "/feed/rss2/", "/rss/", "/comments/feed/", "/?feed=rss2", "/?feed=atom"):
        out[old] = feed
    out.update(_archive_redirects(export, conf, [e for e in entries if e.live(cs.today) and e.plan.kind == "post"], feed))
    for fetched in media.found.values():
        rel = media.relative(fetched.old)
        if fetched.new and rel:
            out[f"/wp-content/uploads/{rel}"] = fetched.new
    # An attachment's own page (/2020/01/15/post/picture/) shows the file: it leads to the file.
    for item in export.items:
        attachment = media.found.get(item.attachment_url) if item.post_type == "attachment" else None
        page = site_path(item.link, export.base_url) if attachment and attachment.new and item.link else None
        if attachment and attachment.new and page and "?" not in page and page != "/":
            out[page] = attachment.new
    return out
