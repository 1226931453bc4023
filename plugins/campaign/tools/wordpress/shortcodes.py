"""WordPress shortcodes and editor markup turned into plain HTML before conversion.

Known: [caption], [gallery ids=...], [embed], [youtube], [vimeo], [video]. Anything else that
looks like a shortcode is listed (the report names it) and left in place for a person to
judge, which keeps its post a draft.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

_COMMENT = re.compile(r"<!--(?!\s*more\b).*?-->", re.DOTALL)
_MORE = re.compile(r"<!--\s*more\b.*?-->", re.IGNORECASE)
_ATTRS = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))""")
_ENCLOSING = re.compile(r"\[(caption|wp_caption|embed|youtube|vimeo)\b([^\]]*)\](.*?)\[/\1\]", re.DOTALL | re.I)
_SELF = re.compile(r"\[(gallery|youtube|vimeo|video)\b([^\]]*)\]", re.I)
# Something that looks like a shortcode: a name and attributes, or a closing tag. "[sic]" is not.
_UNKNOWN = re.compile(r"\[/?([a-z][\w-]*)(?:\s+[^\]]*=[^\]]*)?\]", re.I)
_CLOSING = re.compile(r"\[/([a-z][\w-]*)\]", re.I)


@dataclass(frozen=True)
class Attachment:
    """An uploaded file of the old site: its address and, for pictures, alt text and caption."""

    url: str
    alt: str
    caption: str


def attrs(text: str) -> dict[str, str]:
    """Shortcode attributes `a="1" b='2' c=3` as a dict."""
    return {m[1].lower(): next(v for v in m.groups()[1:] if v is not None) for m in _ATTRS.finditer(text)}


def split_more(html: str) -> tuple[str, str | None]:
    """(whole body without the marker, the part before <!--more--> or None)."""
    match = _MORE.search(html)
    if not match:
        return html, None
    return html[: match.start()] + html[match.end():], html[: match.start()]


def strip_comments(html: str) -> str:
    """Remove HTML comments: block-editor markers (<!-- wp:paragraph -->) and the like."""
    return _COMMENT.sub("", _MORE.sub("", html))


def _video(url: str, title: str) -> str:
    return f'<x-video data-url="{escape(url.strip())}" data-title="{escape(title)}"></x-video>'


def expand(html: str, attachments: dict[str, Attachment]) -> tuple[str, list[str]]:
    """Known shortcodes replaced by HTML; returns (html, names of unknown shortcodes)."""
    def enclosing(m: re.Match) -> str:
        name, args, inner = m[1].lower(), attrs(m[2]), m[3]
        if name in ("caption", "wp_caption"):
            # WordPress puts the caption text after the <img> (or its <a>) inside the shortcode.
            split = re.search(r"^(.*<img\b[^>]*>(?:\s*</a>)?)(.*)$", inner, re.DOTALL | re.I)
            picture, text = (split[1], split[2]) if split else (inner, "")
            text = args.get("caption", "") or text.strip()
            return f"<figure>{picture}<figcaption>{text}</figcaption></figure>"
        url = inner.strip() or args.get("url", "")
        return _video(url, args.get("title", ""))

    def self_closing(m: re.Match) -> str:
        name, args = m[1].lower(), attrs(m[2])
        if name == "gallery":
            pictures = []
            for pid in (i.strip() for i in args.get("ids", "").split(",") if i.strip()):
                found = attachments.get(pid)
                if found is None:
                    pictures.append(f'<x-missing data-what="gallery picture {escape(pid)} (not in the export)"></x-missing>')
                    continue
                caption = f"<figcaption>{escape(found.caption)}</figcaption>" if found.caption else ""
                pictures.append(f'<figure><img src="{escape(found.url)}" alt="{escape(found.alt)}"'
                                f' data-attachment="{escape(pid)}">{caption}</figure>')
            return "".join(pictures)
        if name == "video":
            url = args.get("src") or args.get("mp4") or args.get("webm") or ""
            return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'
        url = next((k for k in args if k.startswith("http")), "") or m[2].strip()
        return _video(url, "")

    html = _ENCLOSING.sub(enclosing, html)
    html = _SELF.sub(self_closing, html)
    unknown = sorted({m[1].lower() for m in _UNKNOWN.finditer(html) if "=" in m[0] or m[0].startswith("[/")}
                     | {m[1].lower() for m in _CLOSING.finditer(html)})
    return html, unknown
