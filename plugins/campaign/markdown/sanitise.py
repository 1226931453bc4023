"""HTML written by contributors keeps only what Markdown makes; whatever else was there is a Problem.

Markdown passes raw HTML through, so a post could carry `<script>`, `<iframe>`, a
`<meta http-equiv=refresh>` or a picture from another site. Every piece of HTML made from a
contributor's Markdown (bodies, summaries, section intros) goes through nh3's allow-list here.
Nothing is dropped silently: each element or attribute the allow-list removed is reported at
the source line where it was written, so the build and `make check` fail and the author knows.
HTML made by our own code (chart SVG, video cards) is added after this step (see blocks.py).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from html import escape, unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nh3

from ..content.header import parse_header
from ..errors import Problem

if TYPE_CHECKING:
    from .blocks import BlocksExtension

# What Python-Markdown with extra, toc and sane_lists produces, and a little more a post may need.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var",
})
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "ol": {"start", "reversed", "type"}, "li": {"value"}, "time": {"datetime"},
    # Python-Markdown's tables align columns with style="text-align: ..." (only that property is kept).
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"}, "colgroup": {"span"}, "details": {"open"},
}
STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content: the text inside them was never meant to be read.
CONTENT_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "textarea", "title"})
_URL_ATTRS = {"href", "src", "cite"}

_FIX_LINK = "link to an https:// address (or mailto:) instead"
_FIX_REMOTE = "save it into content/images/ and write /images/name.jpg: this site loads nothing from other sites"
_FIX_PICTURE = "save the picture into content/images/ and write ![what it shows](/images/name.jpg)"
# (what, fix) for the elements people most often paste; anything else gets the general words.
_TAG_WORDS = {
    "script": ("the site runs no scripts from posts", "remove the <script> tag"),
    "iframe": ("a post cannot embed another site's page (it could track readers)",
               "remove the <iframe>; for a video use a ```video block, otherwise link to the page"),
    "object": ("a post cannot embed plug-in content", "remove the <object>; link to the file instead"),
    "embed": ("a post cannot embed plug-in content", "remove the <embed>; link to the file instead"),
    "meta": ("a post cannot change the page's head (a refresh would send readers elsewhere)",
             "remove the <meta> tag"),
    "link": ("a post cannot load style sheets or other files", "remove the <link> tag"),
    "style": ("the theme's style sheet styles every post", "remove the <style> block"),
    "base": ("a post cannot change where the page's links point", "remove the <base> tag"),
    "form": ("a post cannot contain a form (it could send readers' details elsewhere)",
             "remove the form; link to the form's page instead"),
}


class Html(str):
    """HTML this code made or cleaned: Jinja's autoescaping prints it as it is.

    A plain `str` subclass (not markupsafe.Markup), so Pelican's string handling of titles
    (slugs, feeds) works on it unchanged; only `__html__` marks it safe.
    """

    __slots__ = ()

    def __html__(self) -> str:
        return str(self)


def _allowed_url(tag: str, attr: str, value: str) -> str | None:
    # nh3 checks schemes; pictures must also come from this site (no scheme, no host).
    if tag == "img" and attr == "src" and _elsewhere(value):
        return None
    return value


def _elsewhere(src: str) -> bool:
    """Would a browser fetch `src` from anywhere but this site? (scheme, host, or `//`, `\\`)."""
    # Browsers drop tabs and newlines in addresses and read a backslash as a slash.
    seen = re.sub(r"[\t\n\r]", "", src).strip().replace("\\", "/")
    parts = urlsplit(seen)
    return bool(parts.scheme or parts.netloc or seen.startswith("//"))


def _style_decls(value: str) -> set[str]:
    return {" ".join(d.lower().split()).replace(" :", ":").replace(": ", ":") for d in value.split(";") if d.strip()}


class _StartTags(HTMLParser):
    """Every start tag's name and attributes, charrefs decoded, as comparable items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("tag", tag))
        for name, value in attrs:
            if name == "style":
                self.items += [("style", tag, decl) for decl in _style_decls(value or "")]
            else:
                self.items.append(("attr", tag, name, value or ""))

    handle_startendtag = handle_starttag


def _items(html: str) -> Counter:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return Counter(parser.items)


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    # Made once per process: nh3.clean builds the same cleaner from these sets on every call,
    # which was half of its time (nh3's Cleaner is that cleaner, kept).
    return nh3.Cleaner(
        tags=set(TAGS), clean_content_tags=set(CONTENT_TAGS), attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=_allowed_url, url_schemes=set(URL_SCHEMES), link_rel=None,
        filter_style_properties=set(STYLE_PROPERTIES), strip_comments=True,
    )


def clean(html: str) -> str:
    """`html` with everything outside the allow-list removed (nh3, which parses as a browser does)."""
    return _cleaner().clean(html)


def _attr(name: str) -> str:
    return rf"\b{re.escape(name)}\s*="


_ALIGN_STYLE = re.compile(r'(<t[hd]\b[^>]*?) style="text-align:\s*(left|right|center);?"')


def _align_classes(html: str) -> str:
    # The pages' Content-Security-Policy (style-src 'self') ignores style attributes, so the
    # alignment Python-Markdown writes as style="text-align: ..." becomes a class (10-base.css).
    def to_class(m: re.Match) -> str:
        tag, align = m[1], f"align-{m[2]}"
        if ' class="' in tag:
            return tag.replace(' class="', f' class="{align} ', 1)
        return f'{tag} class="{align}"'

    return _ALIGN_STYLE.sub(to_class, html)


def _describe(item: tuple[str, ...]) -> tuple[str, str, str]:
    """(pattern to find in the source, what was wrong, the fix) for one removed item."""
    if item[0] == "tag":
        tag = item[1]
        what, fix = _TAG_WORDS.get(tag, (f"the <{tag}> element is not allowed in a post",
                                         f"remove the <{tag}> tag, or write it in Markdown"))
        return rf"<{re.escape(tag)}\b", f"<{tag}> removed: {what}", fix
    if item[0] == "style":
        return _attr("style"), f"style on <{item[1]}> ({item[2]}) removed: the theme's style sheet styles posts", \
            "remove the style attribute"
    _, tag, name, value = item
    shown = " ".join(value.split())[:80]  # one line, as every problem is
    if name.startswith("on"):
        return _attr(name), f"the {name} attribute on <{tag}> removed: the site runs no scripts from posts", \
            f'remove {name}="..."'
    if name == "style":
        return _attr(name), f"style on <{tag}> removed: the theme's style sheet styles posts", "remove the style attribute"
    if name in ("srcset", "sizes"):
        return _attr(name), f"{name} on <{tag}> removed: it can load pictures from other sites", \
            f"remove {name}; give one picture from content/images/ in src"
    if tag == "img" and name == "src":
        if re.sub(r"[\t\n\r]", "", value).strip().lower().replace("\\", "/").startswith(("http://", "https://", "//")):
            # Word for word what checks._check_image says, so `make check` reports it once.
            return re.escape(value), f"the picture {shown} is loaded from another site", _FIX_REMOTE
        return re.escape(value), f"the picture address {shown} is not a file of this site", _FIX_PICTURE
    if name in _URL_ATTRS:
        scheme = urlsplit(value.strip()).scheme or value.strip()[:12]
        return re.escape(value), f"the link {shown} removed: {scheme}: addresses are not allowed", _FIX_LINK
    return _attr(name), f"the {name} attribute on <{tag}> is not allowed in a post", f'remove {name}="..."'


def _line_of(needle: str, lines: list[str], start: int, seen: Counter) -> int:
    """The line (1-based, from `start`) of the n-th mention of `needle`; `start` if none."""
    pattern = re.compile(needle, re.IGNORECASE)
    # Also as the browser reads it: `&#106;avascript:` is found where it was written.
    hits = [n for n, text in enumerate(lines[start - 1:], start=start)
            if pattern.search(text) or pattern.search(unescape(text))]
    if not hits:
        return start
    nth = seen[needle]
    seen[needle] += 1
    return hits[min(nth, len(hits) - 1)]


def sanitise(html: str, path: str, source: str, first_line: int) -> tuple[str, list[Problem]]:
    """The cleaned `html`, and a Problem for each thing removed, at its line in `source`.

    `source` is the Markdown the HTML came from; `first_line` is where that text starts in the
    file (a removed thing that cannot be found is reported there).
    """
    cleaned = clean(html)
    if cleaned == html:  # nothing removed (nor re-written): no problem to find. Most posts: it saves parsing both.
        return _align_classes(cleaned), []
    kept = _items(cleaned)
    removed = _items(html) - kept
    problems: list[Problem] = []
    lines, seen = source.splitlines(), Counter[str]()
    # An attribute goes with its element; report the element alone.
    gone_tags = {item[1] for item in removed if item[0] == "tag"}
    for item in sorted(removed.elements()):
        if item[0] != "tag" and item[1] in gone_tags and kept[("tag", item[1])] == 0:
            continue
        needle, what, fix = _describe(item)
        problems.append(Problem(path, _line_of(needle, lines, first_line, seen), what, fix))
    return _align_classes(cleaned), problems


def made_safe(content: str, metadata: dict, text: str, rel: str, blocks: BlocksExtension,
               found: list[Problem]) -> tuple[str, dict]:
    """Body and summary through the sanitiser (problems into `found`), the title as escaped text.

    The title is text: character references a contributor wrote (`&lt;`) are read as the
    characters they stand for, everything else as itself, and the result escaped, so no title
    can become markup wherever a template prints it.
    """
    header = parse_header(text)
    content, bad = sanitise(content, rel, text, header.body_line)
    found += bad
    metadata = dict(metadata)
    if metadata.get("summary"):
        summary, bad = sanitise(str(metadata["summary"]), rel, text, header.line("summary"))
        found += bad
        metadata["summary"] = blocks.fill(summary)
    if "title" in metadata:
        # `"` as &quot; (Typogrify still curls it: smartypants' `w` flag); `'` stays for its apostrophes.
        metadata["title"] = escape(unescape(str(metadata["title"])), quote=False).replace('"', "&quot;")
    return blocks.fill(content), metadata
