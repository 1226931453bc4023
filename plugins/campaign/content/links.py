"""Addresses taken from a header (Register, Sign...) are parsed and written out again, never pasted.

A value that merely starts with `https://` can still close its `href` with a `"` or carry
spaces and invisible characters; one that starts with `javascript:` runs code when clicked.
`safe_link` accepts only http(s) and mailto addresses made of characters a URL may hold, and
returns the address re-serialised by urllib, so what the page prints is what was checked.
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

DEFAULT_SCHEMES = ("https", "http", "mailto")
# RFC 3986's unreserved and reserved characters, and `%` for escapes already there.
_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
# A site name (letters, digits, dots, hyphens; IDN names in their xn-- form) and an optional port.
_NETLOC = re.compile(r"[a-z0-9](?:[a-z0-9.\-]*[a-z0-9])?(?::[0-9]{1,5})?")


class BadLink(ValueError):
    """Why a header's address was refused, in words for the person who wrote it."""


def _refuse_characters(value: str) -> None:
    for position, char in enumerate(value, start=1):
        if char.isspace() or ord(char) < 32 or ord(char) == 127 or char in "\"<>\\`{}|^":
            shown = {" ": "a space", '"': "a quote mark \""}.get(char, repr(char))
            raise BadLink(f"has {shown} at character {position}, which cannot be in an address")


def safe_link(value: str, schemes: tuple[str, ...] = DEFAULT_SCHEMES) -> str:
    """`value` as a clean http(s)/mailto address (re-serialised), or BadLink saying why not."""
    _refuse_characters(value)
    try:
        parts = urlsplit(value)
    except ValueError as err:  # e.g. an unclosed [ where an IPv6 address would go
        raise BadLink(f"cannot be read as an address ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        if set(schemes) == set(DEFAULT_SCHEMES):
            raise BadLink("is not a link")
        raise BadLink(f"is not an {' or '.join(s + ('://' if s.startswith('http') else ':') for s in schemes)} link")
    if scheme == "mailto":
        if parts.netloc or "@" not in parts.path or parts.path.startswith("@"):
            raise BadLink("is not an email address (mailto:name@example.org)")
        return urlunsplit(("mailto", "", quote(parts.path, safe=_SAFE), quote(parts.query, safe=_SAFE), ""))
    netloc = parts.netloc.lower()
    if "@" in netloc:
        # https://trusted.example@evil.example/ goes to evil.example: refused, it misleads.
        raise BadLink("has a name and @ before the site name, which hides where the link goes")
    if not _NETLOC.fullmatch(netloc):
        raise BadLink("has no site name after //, or one with characters a site name cannot have")
    return urlunsplit((scheme, netloc, quote(parts.path, safe=_SAFE) or "/", quote(parts.query, safe=_SAFE),
                       quote(parts.fragment, safe=_SAFE)))
