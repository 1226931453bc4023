"""Petitions (`Kind: petition`): read the Sign link and the optional Closes day."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..errors import Problem
from .dates import day_in_words, header_day
from .header import Header
from .kind_context import KindContext
from .links import BadLink, safe_link

# Signing happens on an external form or by email; a plain http:// form would send
# names and addresses unencrypted, so it is refused.
SIGN_SCHEMES = ("https", "mailto")


@dataclass(frozen=True)
class PetitionInfo:
    """Where to sign, and whether signing is still open on the build date."""

    sign_url: str
    closes: date | None
    closes_text: str
    is_closed: bool


def _sign(header: Header, path: str) -> tuple[str, list[Problem]]:
    value = (header.get("sign") or "").strip()
    if not value:
        line = header.line("sign") if header.get("sign") is not None else header.line("kind")
        return "", [Problem(path, line, "this petition has no Sign link",
                            "add a line `Sign: https://...` with the signing form's address (or mailto:)")]
    try:
        return safe_link(value, SIGN_SCHEMES), []
    except BadLink as why:
        return "", [Problem(path, header.line("sign"), f"Sign {value!r} {why}",
                            "write the form's full address as your browser shows it, starting https:// "
                            "(or mailto:name@example.org)")]


def parse_petition(header: Header, context: KindContext, path: str, slug: str) -> PetitionInfo | list[Problem]:
    """Where to sign and when signing closes, or every problem with them (`slug` is not needed)."""
    sign_url, problems = _sign(header, path)
    closes, bad = header_day(header, "closes", "Closes", path)
    problems += bad
    if problems:
        return problems
    return PetitionInfo(
        sign_url=sign_url, closes=closes, closes_text=day_in_words(closes) if closes else "",
        # Signing stays open through the whole of the closing day.
        is_closed=closes is not None and closes < context.today,
    )


def current_petition(posts: list):
    """The newest petition still open on the build date, or None (the home page then shows none)."""
    open_ones = [p for p in posts if getattr(p, "petition", None) and not p.petition.is_closed]
    return max(open_ones, key=lambda p: p.date, default=None)
