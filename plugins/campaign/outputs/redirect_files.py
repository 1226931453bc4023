"""The redirects written for each host, from one list (redirects.py): pure text out."""
from __future__ import annotations

from html import escape
from urllib.parse import unquote

from ..content.redirects import QUERY_KEYS, Redirect

#: Cloudflare Pages: 2,000 static and 100 dynamic redirects, 1,000 characters a line.
CLOUDFLARE_STATIC, CLOUDFLARE_LINE = 2000, 1000
#: Netlify has no fixed number; its documentation advises wildcards from 10,000 redirects on.
NETLIFY_ADVISED = 10000
NGINX_MAPS = {"path": "$uri", **{key: f"$arg_{key}" for key in QUERY_KEYS}}


def netlify(redirects: list[Redirect]) -> tuple[str, list[str]]:
    """`_redirects` and the warnings about hosts' limits."""
    lines = ["# Old addresses (Redirect_from: headers, content/redirects.toml). Written by the build."]
    query = []
    for r in sorted(redirects, key=lambda r: r.old):
        q = r.query
        if q:
            # Netlify matches query parameters this way; Cloudflare Pages ignores such lines.
            query.append(f"/ {q[0]}={q[1]} {r.new} 301")
        else:
            lines.append(f"{r.old} {r.new} 301")
    static = len(lines) - 1
    warnings = []
    if static > CLOUDFLARE_STATIC:
        warnings.append(f"_redirects has {static} redirects; Cloudflare Pages reads at most {CLOUDFLARE_STATIC} "
                        "— on Cloudflare, serve the site with nginx's file or the HTML redirect pages instead")
    if static + len(query) > NETLIFY_ADVISED:
        warnings.append(f"_redirects has {static + len(query)} redirects; Netlify advises fewer than {NETLIFY_ADVISED}")
    if any(len(line) > CLOUDFLARE_LINE for line in lines):
        warnings.append(f"_redirects has a line over {CLOUDFLARE_LINE} characters, which Cloudflare Pages ignores")
    if query:
        warnings.append(f"{len(query)} query-string redirects (/?p=...) work on Netlify and nginx, not on Cloudflare Pages")
    return "\n".join(lines + query) + "\n", warnings


def _nginx_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def nginx_maps(redirects: list[Redirect]) -> dict[str, str]:
    """One map body per variable (path, p, page_id...), for the includes in deploy/nginx.conf."""
    bodies: dict[str, list[str]] = {name: [] for name in NGINX_MAPS}
    for r in sorted(redirects, key=lambda r: r.old):
        q = r.query
        if q:
            bodies[q[0]].append(f"{_nginx_quote(q[1])} {_nginx_quote(r.new)};")
        else:
            # nginx's $uri is decoded: /caf%C3%A9/ arrives as /café/.
            old = unquote(r.old)
            olds = {old, old.rstrip("/")} if old != "/" else {old}
            bodies["path"] += [f"{_nginx_quote(old)} {_nginx_quote(r.new)};" for old in sorted(olds) if old]
    return {name: "\n".join(dict.fromkeys(lines)) + "\n" for name, lines in bodies.items()}


def html_page(new: str, lang: str, site_url: str = "") -> str:
    """A page that sends the reader on: meta refresh, canonical link, and a link to follow by hand."""
    href = escape(new, quote=True)
    canonical = escape(site_url.rstrip("/") + new, quote=True)
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>This page has moved</title>\n"
            f'<meta http-equiv="refresh" content="0; url={href}">\n<link rel="canonical" href="{canonical}">\n'
            f'<meta name="robots" content="noindex">\n</head>\n<body>\n'
            f'<p>This page has moved to <a href="{href}">{escape(new)}</a>.</p>\n</body>\n</html>\n')
