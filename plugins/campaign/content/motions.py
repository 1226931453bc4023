"""Motions (`Kind: motion`): read Motion_type, Body, Deadline and Submit_to.

The types, which of them need a deadline, and the examples in messages are the group's words
(CAMPAIGN_KINDS["motion"], vocabulary.py).
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from ..errors import Problem
from ..pelican_types import Article
from ..settings import CampaignSettings
from .dates import DeadlineStatus, day_in_words, deadline_status, header_day
from .header import Header
from .vocabulary import MotionWords


@dataclass(frozen=True)
class MotionInfo:
    """A motion's facts, with its deadline as words and as it stands on the build date."""

    motion_type: str
    body: str
    bodies: tuple[str, ...]
    deadline: date | None
    deadline_text: str
    status: DeadlineStatus | None
    submit_to: str


def _missing(header: Header, key: str, path: str, example: str) -> Problem:
    # An absent field has no line of its own; the Kind line is where the motion's fields go.
    line = header.line(key) if header.get(key) is not None else header.line("kind")
    return Problem(path, line, f"this motion has no {key}", f"add a line `{key}: {example}`")


def _motion_type(header: Header, path: str, words: MotionWords) -> tuple[str | None, list[Problem]]:
    raw = header.get("motion_type")
    if raw is None or not raw.strip():
        return None, [_missing(header, "Motion_type", path, words.types[0])]
    value = " ".join(raw.lower().split())
    if value in words.types:
        return value, []
    close = difflib.get_close_matches(value, words.types, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return None, [Problem(path, header.line("motion_type"), f"unknown Motion_type '{raw.strip()}'",
                          f"{hint}write one of: {', '.join(words.types)}")]


def _deadline(header: Header, kind: str | None, path: str, words: MotionWords) -> tuple[date | None, list[Problem]]:
    # Some bodies only take some types by a fixed date; such a motion without one misleads.
    if kind in words.needs_deadline and not (header.get("deadline") or "").strip():
        return None, [Problem(path, header.line("motion_type"), f"a {kind} needs a Deadline",
                              "add `Deadline: 2021-09-13` (the last day to submit it)")]
    return header_day(header, "deadline", "Deadline", path)


def enrich_motion(post: Article, header: Header, settings: CampaignSettings, path: str) -> list[Problem]:
    """Set `post.motion` (a MotionInfo) from the header; return what is wrong instead of raising."""
    post.motion = None
    words = settings.vocabulary.motion
    kind, problems = _motion_type(header, path, words)
    deadline, bad = _deadline(header, kind, path, words)
    problems += bad
    body = " ".join((header.get("body") or "").split())
    if not body:
        problems.append(_missing(header, "Body", path, words.example_body))
    submit_to = " ".join((header.get("submit_to") or "").split())
    if not submit_to:
        problems.append(_missing(header, "Submit_to", path, words.example_submit_to))
    if problems or kind is None:
        return problems
    post.motion = MotionInfo(
        motion_type=kind, body=body, bodies=tuple(b.strip() for b in body.split(",") if b.strip()),
        deadline=deadline, deadline_text=day_in_words(deadline) if deadline else "",
        status=deadline_status(deadline, settings.today) if deadline else None,
        submit_to=submit_to,
    )
    return []
