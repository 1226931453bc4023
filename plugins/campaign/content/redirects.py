"""Old addresses that lead to new ones: `Redirect_from:` headers and content/redirects.toml.

Validated the same way by `make check` and the build (one judgement). The build writes them
for each kind of host (redirect_files.py): `_redirects` (Netlify, Cloudflare Pages), nginx
maps that deploy/nginx.conf includes, and small HTML pages for hosts with neither.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from ..errors import Problem
from .toml_errors import toml_error

FILE = "redirects.toml"
#: Query-string forms a host can match: `/?p=12`, `/?page_id=7`, `/?cat=3`, `/?feed=rss2`.
QUERY_KEYS = ("p", "page_id", "cat", "feed")
_PATH = re.compile(r"^/[^\s?#\"'<>\\]*$")
_QUERY = re.compile(rf"^/\?({'|'.join(QUERY_KEYS)})=([\w.-]+)$")
_FIX = "write a path on this site that starts with /, e.g. /2019/05/our-old-post/ or /?p=123"


@dataclass(frozen=True)
class Redirect:
    """One old address, where it leads, and where it was written (for messages)."""

    old: str
    new: str
    path: str
    line: int

    @property
    def query(self) -> tuple[str, str] | None:
        """('p', '12') for `/?p=12`; None for a plain path."""
        match = _QUERY.match(self.old)
        return (match[1], match[2]) if match else None


def check_old(value: str, path: str, line: int) -> list[Problem]:
    """An old address must be a path on this site (or a known query form)."""
    if _QUERY.match(value) or (_PATH.match(value) and "//" not in value and "/../" not in value + "/"):
        return []
    if urlparse(value).scheme:
        return [Problem(path, line, f"the old address {value} is a full address with a site name", _FIX)]
    return [Problem(path, line, f"the old address {value!r} is not a path on this site", _FIX)]


def parse_redirect_from(raw: str | None, target: str, path: str, line: int) -> tuple[list[Redirect], list[Problem]]:
    """The comma-separated `Redirect_from:` header of a post or page whose address is `target`."""
    found, problems = [], []
    for value in (v.strip() for v in (raw or "").split(",")):
        if not value:
            continue
        wrong = check_old(value, path, line)
        problems += wrong
        if not wrong:
            found.append(Redirect(value, target, path, line))
    return found, problems


def read_file(content: Path, shown: str) -> tuple[list[Redirect], list[Problem]]:
    """content/redirects.toml (absent: none)."""
    file = content / FILE
    if not file.exists():
        return [], []
    text = file.read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("redirects", {})
    except tomllib.TOMLDecodeError as err:
        line, message = toml_error(err, text)
        return [], [Problem(shown, line, f"this is not valid TOML ({message})",
                            'write `"/old/address/" = "/new/address/"` under [redirects]')]
    lines = {m[1]: n for n, ln in enumerate(text.splitlines(), start=1) if (m := re.match(r'\s*"([^"]+)"', ln))}
    found, problems = [], []
    for old, new in table.items():
        line = lines.get(old, 1)
        wrong = check_old(old, shown, line)
        if not isinstance(new, str) or not new.startswith("/") or new.startswith("//"):
            wrong.append(Problem(shown, line, f"the new address {new!r} for {old} is not a path on this site",
                                 "write the address on this site, starting with /"))
        problems += wrong
        if not wrong:
            found.append(Redirect(old, new, shown, line))
    return found, problems


def _variants(old: str) -> set[str]:
    """/a/b/ and /a/b are the same address to a visitor."""
    return {old} if "?" in old else {old.rstrip("/") or "/", old.rstrip("/") + "/"}


def collisions(redirects: Iterable[Redirect], real: set[str]) -> list[Problem]:
    """An old address used twice, or that is a live page of the site."""
    problems: list[Problem] = []
    seen: dict[str, Redirect] = {}
    real_variants = {v for url in real for v in _variants(url)}
    for r in redirects:
        if _variants(r.old) & real_variants:
            problems.append(Problem(r.path, r.line, f"the old address {r.old} is the address of a page of this site",
                                    "remove it here: the page itself answers there"))
        for v in _variants(r.old):
            first = seen.get(v)
            if first and first.new != r.new:
                problems.append(Problem(r.path, r.line, f"the old address {r.old} already leads to {first.new} "
                                                        f"({first.path}:{first.line})",
                                        "give each old address one place to lead to: remove one of them"))
                break
            seen.setdefault(v, r)
    return problems
