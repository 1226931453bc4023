"""WordPress post HTML to our Markdown: no classes, styles or forced line breaks left.

The HTML is parsed into a small tree (html.parser) and written out block by block. Pictures,
links and videos go through the callbacks in `Context`, so fetching files and resolving old
addresses stay in their own modules. Whatever cannot be carried over cleanly leaves a
`REPLACE THIS` note in the text and a reason in `Converted.held`, which keeps the post a draft.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlparse

from . import shortcodes
from .shortcodes import Attachment

_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "figure", "table",
          "hr", "section", "article", "header", "footer", "aside", "x-video", "x-missing", "iframe", "dl"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "embed", "param", "track", "area"}
# Dropped without a word: styling and form parts. Dropped but reported (the post is held): things
# that showed the reader something this site cannot show (a widget's script, a form, a player).
_DROP = {"style", "noscript", "button", "select", "textarea", "input", "svg", "script", "form", "object",
         "embed", "audio", "video", "canvas"}
_HOLD = {"script": "a script (a widget or embed)", "form": "a form", "object": "an embedded object",
         "embed": "an embedded object", "audio": "an audio player", "video": "a video player", "canvas": "a drawing"}
_TABLE_ATTRS = {"colspan", "rowspan", "scope", "href", "src", "alt"}
_VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "youtube-nocookie.com")
_ESCAPE = re.compile(r"([\\`*_\[\]])")
_BLOCK_START = re.compile(r"\s*(<(p|div|h[1-6]|ul|ol|figure|table|blockquote|pre|iframe|hr|section)\b|\[(caption|gallery|embed))", re.I)
_WP_IMAGE_ID = re.compile(r"wp-image-(\d+)")
PLACEHOLDER = "REPLACE THIS"


@dataclass
class Node:
    """An element of the parsed body, or a text run when `tag` is None."""

    tag: str | None
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    text: str = ""


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(Node(None, text=data))


def parse(html: str) -> Node:
    """The body as a tree."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


def autop(html: str) -> str:
    """Classic-editor text has no <p>: WordPress makes paragraphs of blank-line-separated runs."""
    chunks = [c for c in re.split(r"\n\s*\n", html) if c.strip()]
    return "\n".join(c if _BLOCK_START.match(c) else f"<p>{c}</p>" for c in chunks)


@dataclass
class Context:
    """What conversion needs from outside: the post, its site's files, how to resolve addresses."""

    title: str
    attachments: dict[str, Attachment]
    media: Callable[[str], str | None]  # old file address -> new site path, or None if it cannot be had
    link: Callable[[str], str | None]  # old address -> new link; None: not the old site's, keep it


@dataclass
class Converted:
    """The Markdown and what a person must look at."""

    markdown: str
    held: list[str] = field(default_factory=list)  # reasons to keep the post a draft
    missing_alt: list[str] = field(default_factory=list)
    videos: int = 0


def video_url(src: str) -> str | None:
    """The watch-page address of a YouTube or Vimeo player/page address, else None."""
    if src.startswith("//"):
        src = "https:" + src
    parsed = urlparse(src)
    host = parsed.netloc.lower().removeprefix("www.").removeprefix("m.").removeprefix("player.")
    if not any(host == h or host.endswith("." + h) for h in _VIDEO_HOSTS):
        return None
    parts = [p for p in parsed.path.split("/") if p]
    if "youtu" in host:
        if host == "youtu.be" and parts:
            return f"https://www.youtube.com/watch?v={parts[0]}"
        if parts[:1] == ["embed"] and len(parts) > 1:
            return f"https://www.youtube.com/watch?v={parts[1]}"
        if "v" in parse_qs(parsed.query):
            return f"https://www.youtube.com/watch?v={parse_qs(parsed.query)['v'][0]}"
        return None
    ids = [p for p in parts if p.isdigit()]
    return f"https://vimeo.com/{ids[0]}" if ids else None


class _Writer:
    def __init__(self, ctx: Context, out: Converted):
        self.ctx, self.out = ctx, out

    # --- inline ----------------------------------------------------------------------------
    def inline(self, nodes: list[Node]) -> str:
        text = "".join(self._inline(n) for n in nodes)
        return re.sub(r"[ \t\r\n]+", " ", text)

    def _inline(self, node: Node) -> str:
        if node.tag is None:
            return _ESCAPE.sub(r"\\\1", node.text).replace("<", "&lt;")
        tag = node.tag
        if tag in _DROP:
            return self.removed(tag)
        if tag == "br":
            return " "  # forced line breaks go: Markdown paragraphs reflow
        if tag == "img":
            return self.image(node)
        inner = self.inline(node.children)
        if tag in ("strong", "b"):
            return f"**{inner.strip()}**" if inner.strip() else inner
        if tag in ("em", "i"):
            return f"*{inner.strip()}*" if inner.strip() else inner
        if tag == "code":
            return f"`{''.join(_plain(node))}`"
        if tag == "a":
            return self.anchor(node, inner)
        return inner  # span, font, u, mark...: their styling is dropped, their text kept

    def removed(self, tag: str) -> str:
        """Nothing for styling; for what showed the reader something, a note and a held reason."""
        if tag not in _HOLD:
            return ""
        self.out.held.append(f"{_HOLD[tag]} was removed")
        return f"({PLACEHOLDER}: {_HOLD[tag]} was here; link to it or describe it instead)"

    def anchor(self, node: Node, inner: str) -> str:
        href = node.attrs.get("href", "").strip()
        if not href or href.startswith("#"):
            return inner
        if _only_image(node) and _is_upload(href):
            return inner  # a picture linking to its own full-size file: the picture is enough
        new = self.ctx.link(href)
        if new == "":
            return inner  # a post that is not imported or not public: keep the words, drop the link
        if new is None and _is_upload(href):
            new = self.ctx.media(href)
            if new is None:
                self.out.held.append(f"the file {href} could not be imported")
                return f"{inner} ({PLACEHOLDER}: the file {href} could not be imported)"
        return f"[{inner.strip() or href}]({new or href})"

    def image(self, node: Node) -> str:
        src, alt = self.picture(node)
        if src is None:
            return f"({PLACEHOLDER}: the picture {node.attrs.get('src', '')} could not be imported)"
        return f"![{alt}]({src})"

    def picture(self, node: Node) -> tuple[str | None, str]:
        """(new address, alt text) of an <img>; None and a held reason when it cannot be had."""
        old = node.attrs.get("src", "").strip()
        attachment = self._attachment(node)
        alt = " ".join(node.attrs.get("alt", "").split()) or (attachment.alt if attachment else "")
        new = self.ctx.media(old) if old else None
        if new is None:
            self.out.held.append(f"the picture {old or '(no address)'} could not be imported")
            return None, alt
        if not alt:
            self.out.missing_alt.append(new)
            self.out.held.append(f"the picture {new} has no alt text")
            alt = f"{PLACEHOLDER}: describe what the picture shows"
        return new, _ESCAPE.sub(r"\\\1", alt)

    def _attachment(self, node: Node) -> Attachment | None:
        pid = node.attrs.get("data-attachment") or next(iter(_WP_IMAGE_ID.findall(node.attrs.get("class", ""))), "")
        if pid in self.ctx.attachments:
            return self.ctx.attachments[pid]
        src = node.attrs.get("src", "")
        return next((a for a in self.ctx.attachments.values() if a.url == src), None)

    # --- blocks ----------------------------------------------------------------------------
    def blocks(self, nodes: list[Node]) -> list[str]:
        out: list[str] = []
        run: list[Node] = []

        def flush():
            text = self.inline(run).strip()
            if text:
                out.append(self.paragraph(text))
            run.clear()

        for node in nodes:
            if node.tag in _BLOCK:
                flush()
                out += self.block(node)
            elif node.tag in _HOLD:
                flush()
                out.append(self.removed(node.tag))
            elif node.tag not in _DROP:
                run.append(node)
        flush()
        return out

    def paragraph(self, text: str) -> str:
        # A paragraph that is only a YouTube/Vimeo address is WordPress's auto-embed.
        raw = re.sub(r"\\(.)", r"\1", text)  # the text is Markdown-escaped; the address is not
        url = video_url(raw) if re.fullmatch(r"https?://\S+", raw) else None
        return self.video(url, "") if url else text

    def block(self, node: Node) -> list[str]:
        tag = node.tag
        if tag in ("p", "div", "section", "article", "header", "footer", "aside"):
            return self.blocks(node.children)
        if tag and tag[0] == "h" and tag[1:].isdigit():
            text = self.inline(node.children).strip()
            return [f"{'#' * max(2, int(tag[1:]))} {text}"] if text else []
        if tag in ("ul", "ol"):
            return [self.listing(node, 0)]
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(node.children))
            return ["\n".join(f"> {line}" if line else ">" for line in inner.splitlines())] if inner else []
        if tag == "pre":
            code = "".join(_plain(node)).strip("\n")
            return [f"```\n{code}\n```"]
        if tag == "hr":
            return ["---"]
        if tag == "figure":
            return self.figure(node)
        if tag in {"table", "dl"}:
            return [self.clean_html(node)]
        if tag == "x-video":
            url = video_url(node.attrs.get("data-url", ""))
            if url is None:
                self.out.held.append(f"the embed {node.attrs.get('data-url')} is not a YouTube or Vimeo video")
                return [f"{PLACEHOLDER}: link to {node.attrs.get('data-url')} instead of embedding it"]
            return [self.video(url, node.attrs.get("data-title", ""))]
        if tag == "iframe":
            src = node.attrs.get("src", "")
            url = video_url(src)
            if url:
                return [self.video(url, node.attrs.get("title", ""))]
            self.out.held.append(f"an embedded frame from {urlparse(src).netloc or src} was removed")
            return [f"{PLACEHOLDER}: an embedded frame from {urlparse(src).netloc or src} was here; link to it instead"]
        if tag == "x-missing":
            what = node.attrs.get("data-what", "")
            self.out.held.append(f"the {what} could not be imported")
            return [f"{PLACEHOLDER}: the {what} could not be imported"]
        return self.blocks(node.children)

    def figure(self, node: Node) -> list[str]:
        caption_node = next((c for c in node.children if c.tag == "figcaption"), None)
        caption = self.inline(caption_node.children).strip() if caption_node else ""
        images = list(_find(node, "img"))
        if not images:
            # A block-editor embed: <figure class="wp-block-embed"><div>URL</div></figure>.
            text = "".join(_plain(node)).strip()
            iframe = next(_find(node, "iframe"), None)
            url = video_url(iframe.attrs.get("src", "") if iframe else text.split()[0] if text else "")
            if url:
                return [self.video(url, caption)]
            return self.blocks([c for c in node.children if c is not caption_node]) + ([caption] if caption else [])
        out = []
        for img in images:
            src, alt = self.picture(img)
            if src is None:
                out.append(f"{PLACEHOLDER}: the picture {img.attrs.get('src', '')} could not be imported")
                continue
            alt_attr = escape(alt.replace("\\", ""), quote=True)
            if caption and caption_node is not None and len(images) == 1:
                out.append(f'<figure>\n<img src="{escape(src)}" alt="{alt_attr}">\n'
                           f"<figcaption>{_caption_html(caption_node, self)}</figcaption>\n</figure>")
            else:
                out.append(f"![{alt}]({src})")
        if caption and len(images) > 1:
            out.append(caption)
        return out

    def video(self, url: str, title: str) -> str:
        self.out.videos += 1
        title = " ".join(title.split()) or f"{self.ctx.title}"
        return f"```video\nurl: {url}\ntitle: {title}\n```"

    def listing(self, node: Node, depth: int) -> str:
        lines = []
        number = 0
        for item in (c for c in node.children if c.tag == "li"):
            number += 1
            marker = f"{number}." if node.tag == "ol" else "-"
            nested = [c for c in item.children if c.tag in ("ul", "ol")]
            text = self.inline([c for c in item.children if c not in nested]).strip()
            lines.append(f"{'    ' * depth}{marker} {text}")
            lines += [self.listing(n, depth + 1) for n in nested]
        return "\n".join(lines)

    def clean_html(self, node: Node) -> str:
        """Tables stay HTML (Markdown has none for merged cells), without classes or styles."""
        if node.tag is None:
            return escape(node.text, quote=False)
        if node.tag in _DROP:
            return escape(self.removed(node.tag), quote=False)
        keep = {k: v for k, v in node.attrs.items() if k in _TABLE_ATTRS}
        if node.tag == "img":
            src, alt = self.picture(node)
            return f'<img src="{escape(src)}" alt="{escape(alt.replace(chr(92), ""))}">' if src else ""
        if node.tag == "a" and "href" in keep:
            keep["href"] = self.ctx.link(keep["href"]) or keep["href"]
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in keep.items())
        inner = "".join(self.clean_html(c) for c in node.children)
        return f"<{node.tag}{attrs}>" if node.tag in _VOID else f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def _caption_html(node: Node, writer: _Writer) -> str:
    return "".join(writer.clean_html(c) for c in node.children).strip()


#: What is not the post's prose, so not its summary: a picture's caption (a [caption] shortcode
#: or a block's <figure>), code a page runs.
_NOT_PROSE = frozenset({"figure", "figcaption", "script", "style"})


def _plain(node: Node):
    for child in node.children:
        if child.tag in _NOT_PROSE:
            continue
        if child.tag is None:
            yield child.text
        elif child.tag == "br":
            yield "\n"
        else:
            yield from _plain(child)


def _find(node: Node, tag: str):
    for child in node.children:
        if child.tag == tag:
            yield child
        yield from _find(child, tag)


def _only_image(node: Node) -> bool:
    kids = [c for c in node.children if c.tag is not None or c.text.strip()]
    return len(kids) == 1 and kids[0].tag == "img"


def _is_upload(url: str) -> bool:
    return "/wp-content/uploads/" in url


def convert(html: str, ctx: Context) -> Converted:
    """The post's HTML as our Markdown, with what a person must look at."""
    out = Converted("")
    expanded, unknown = shortcodes.expand(autop(shortcodes.strip_comments(html)), ctx.attachments)
    for name in unknown:
        out.held.append(f"unknown shortcode [{name}] left in the text")
    writer = _Writer(ctx, out)
    out.markdown = "\n\n".join(b for b in writer.blocks(parse(expanded).children) if b.strip()) + "\n"
    return out


def plain_text(html: str) -> str:
    """The words of some HTML, on one line (for summaries)."""
    expanded, _ = shortcodes.expand(shortcodes.strip_comments(html), {})
    text = "".join(_plain(parse(re.sub(r"\[/?[a-z][\w-]*[^\]]*\]", " ", expanded))))
    return " ".join(text.split())
