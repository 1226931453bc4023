"""Privacy-safe video: a plain card with a link; nothing is fetched from the video host.

We do not load the host's player at all, not even after a click: the site's
Content-Security-Policy allows only its own origin, and a link to the video's page works
without JavaScript. The reader's click is their own choice to visit the host.
"""
from __future__ import annotations

from html import escape
from urllib.parse import parse_qs, urlparse

from ..content.links import BadLink, safe_link
from ..errors import CampaignError
from .block_types import BlockContext

_HOSTS = {
    "www.youtube.com": "YouTube", "youtube.com": "YouTube", "youtu.be": "YouTube",
    "m.youtube.com": "YouTube", "vimeo.com": "Vimeo", "www.facebook.com": "Facebook",
}


def video_host(url: str) -> str:
    """The host's display name, or its domain for hosts we do not know."""
    host = urlparse(url).netloc.lower()
    return _HOSTS.get(host, host)


def canonical_video_url(url: str) -> str:
    """A watch-page address (never a player or tracking address)."""
    parsed = urlparse(url)
    if parsed.netloc == "youtu.be":
        return f"https://www.youtube.com/watch?v={parsed.path.strip('/')}"
    if "youtube.com" in parsed.netloc and "v" in parse_qs(parsed.query):
        return f"https://www.youtube.com/watch?v={parse_qs(parsed.query)['v'][0]}"
    return url


def render_video_block(text: str, ctx: BlockContext) -> str:
    """Turn a ```video block (url, title) into a card that links to the video's page."""
    # `key: value` lines, split at the first colon: titles often contain colons, which
    # strict YAML would reject.
    data = {}
    for number, raw in enumerate(text.splitlines(), start=ctx.line + 1):
        key, sep, value = raw.partition(":")
        if raw.strip() and not sep:
            raise CampaignError.at(ctx.path, number, f"cannot read `{raw.strip()}` in the video block",
                                   "write `url: https://...` and `title: ...` on their own lines")
        if sep:
            data[key.strip().lower()] = value.strip().strip('"')
    url, title = str(data.get("url", "")).strip(), str(data.get("title", "")).strip()
    try:
        url = safe_link(url, ("https",))
    except BadLink as why:
        raise CampaignError.at(ctx.path, ctx.line, f"the video block's url {url!r} {why}",
                               "add `url: https://www.youtube.com/watch?v=...`") from None
    if not title:
        raise CampaignError.at(ctx.path, ctx.line, "the video block has no title",
                               "add `title: ...` describing the video")
    href, host = canonical_video_url(url), video_host(url)
    return (
        f'<figure class="video-card">'
        f'<figcaption class="video-card__title">Video: {escape(title)}</figcaption>'
        f'<p class="video-card__note">To protect your privacy this site does not embed the video. '
        f'The link opens it on {escape(host)}, whose own privacy terms then apply.</p>'
        f'<a class="button video-card__link" href="{escape(href)}" rel="noopener noreferrer">'
        f'Watch on {escape(host)}<span class="visually-hidden">: {escape(title)}</span></a>'
        f'</figure>'
    )
