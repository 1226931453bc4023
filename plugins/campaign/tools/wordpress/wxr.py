"""Read a WordPress export (WXR 1.0-1.2) with xml.etree: no lxml, nothing outside the standard library.

Namespaces are matched by what they are, not by their version number, because exports from
old WordPress versions say export/1.0/ or 1.1/ where new ones say 1.2/.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from ...errors import CampaignError

_WP = "http://wordpress.org/export/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/"
_DC = "http://purl.org/dc/elements/1.1/"


@dataclass(frozen=True)
class Term:
    """A category or tag of the old site."""

    term_id: str
    slug: str
    name: str
    parent: str = ""


@dataclass(frozen=True)
class Comment:
    """One comment on an item (only counted: the new site has no comments)."""

    approved: bool
    kind: str  # "" for a comment, "pingback", "trackback"


@dataclass
class Item:
    """One <item>: a post, a page, an attachment, a menu item..."""

    post_id: str
    title: str
    link: str
    post_type: str
    status: str
    slug: str
    date: str  # "YYYY-MM-DD HH:MM:SS", the site's local time
    content: str
    excerpt: str
    password: str
    parent: str
    attachment_url: str
    categories: list[Term] = field(default_factory=list)
    tags: list[Term] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    creator: str = ""  # the author's login (dc:creator)

    def meta_one(self, key: str) -> str:
        """The first value of a postmeta key, or ''."""
        return (self.meta.get(key) or [""])[0]


@dataclass
class Export:
    """The whole export: the site's address, its categories and tags, and its items."""

    title: str
    base_url: str  # the blog's address (posts' permalinks start here)
    categories: list[Term]
    tags: list[Term]
    items: list[Item]
    site_url: str = ""  # WordPress's own address, where wp-content/uploads lives (differs for a blog in a folder)


def _local(tag: str) -> tuple[str, str]:
    """(namespace kind, local name): kind is 'wp', 'content', 'excerpt', 'dc' or ''."""
    if not tag.startswith("{"):
        return "", tag
    ns, local = tag[1:].split("}", 1)
    if ns.startswith(_WP):
        kind = "excerpt" if ns.rstrip("/").endswith("excerpt") else "wp"
    else:
        kind = {_CONTENT: "content", _DC: "dc"}.get(ns, ns)
    return kind, local


def _text(el: ET.Element, kind: str, name: str) -> str:
    for child in el:
        if _local(child.tag) == (kind, name):
            return (child.text or "").strip() if kind == "wp" else (child.text or "")
    return ""


def _children(el: ET.Element, kind: str, name: str) -> list[ET.Element]:
    return [child for child in el if _local(child.tag) == (kind, name)]


def _item(el: ET.Element) -> Item:
    meta: dict[str, list[str]] = {}
    for pm in _children(el, "wp", "postmeta"):
        meta.setdefault(_text(pm, "wp", "meta_key"), []).append(_text(pm, "wp", "meta_value"))
    cats: list[Term] = []
    tags: list[Term] = []
    for cat in _children(el, "", "category"):
        term = Term("", cat.get("nicename", ""), unescape((cat.text or "").strip()))
        (cats if cat.get("domain") == "category" else tags if cat.get("domain") == "post_tag" else []).append(term)
    comments = [Comment(_text(c, "wp", "comment_approved") == "1", _text(c, "wp", "comment_type"))
                for c in _children(el, "wp", "comment")]
    return Item(
        post_id=_text(el, "wp", "post_id"), title=_text(el, "", "title").strip(), link=_text(el, "", "link").strip(),
        post_type=_text(el, "wp", "post_type"), status=_text(el, "wp", "status"), slug=_text(el, "wp", "post_name"),
        date=_text(el, "wp", "post_date"), content=_text(el, "content", "encoded"),
        excerpt=_text(el, "excerpt", "encoded"), password=_text(el, "wp", "post_password"),
        parent=_text(el, "wp", "post_parent"), attachment_url=_text(el, "wp", "attachment_url"),
        categories=cats, tags=tags, meta=meta, comments=comments, creator=_text(el, "dc", "creator").strip())


def read_wxr(path: Path) -> Export:
    """Parse the export at `path`; a file that is not a WXR export stops with where and why."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as err:
        line = err.position[0] if err.position else 1
        raise CampaignError.at(str(path), line, f"this is not well-formed XML ({err})",
                               "export the site again from WordPress: Tools → Export → All content") from None
    except OSError as err:
        raise CampaignError.at(str(path), 1, f"cannot read the export ({err.strerror})",
                               "give the path of the .xml file WordPress made: WXR=path/to/export.xml") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None or not _text(channel, "wp", "wxr_version"):
        raise CampaignError.at(str(path), 1, "this is not a WordPress export (no <rss><channel> with wp:wxr_version)",
                               "export the site from WordPress: Tools → Export → All content")
    categories = [Term(_text(c, "wp", "term_id"), _text(c, "wp", "category_nicename"),
                       unescape(_text(c, "wp", "cat_name")), _text(c, "wp", "category_parent"))
                  for c in _children(channel, "wp", "category")]
    tags = [Term(_text(t, "wp", "term_id"), _text(t, "wp", "tag_slug"), unescape(_text(t, "wp", "tag_name")))
            for t in _children(channel, "wp", "tag")]
    base = (_text(channel, "wp", "base_blog_url") or _text(channel, "", "link")).strip().rstrip("/")
    site = (_text(channel, "wp", "base_site_url") or base).strip().rstrip("/")
    items = [_item(el) for el in channel.findall("item")]
    return Export(_text(channel, "", "title").strip(), base, categories, tags, items, site)
