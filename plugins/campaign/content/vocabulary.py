"""The words each kind of post uses, from the CAMPAIGN_KINDS setting over neutral defaults.

One settings structure holds a group's whole kind vocabulary (labels, the motion-like kind's
types, field labels, headings, deadline rules, calendar names), so the theme and the plugin
never carry one group's words. pelicanconf.py overrides only what it names.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import CampaignError

#: Neutral defaults, one entry per kind of the registry (content/kinds.py, which a unit test
#: holds to the same names); a group's CAMPAIGN_KINDS entries replace them key by key.
DEFAULTS: dict[str, dict] = {
    "post": {"label": "Post"},
    "press-release": {"label": "Press release"},
    "motion": {
        "label": "Motion",
        "box_title": "About this motion",
        # Motion_type values; those in needs_deadline must give a Deadline.
        "types": ["motion"],
        "needs_deadline": [],
        "fields": {"type": "Type", "body": "To be moved at", "deadline": "Deadline", "submit_to": "Submit to"},
        "pdf_body_label": "For",
        "pdf_kicker": "{label} · {author}",
        "text_source": "{label} from {author}:",
        "headings": ["This meeting notes", "This meeting believes", "This meeting resolves"],
        "example_body": "members' meeting, annual meeting",
        "example_submit_to": "The secretary, by email",
        "calendar": "deadlines",
    },
    "leaflet": {"label": "Leaflet"},
    "testimony": {"label": "Testimony"},
    "event": {
        "label": "Meeting or event",
        "calendar": "meetings and events",
        "home_title": "Next meetings and events",
        "home_more": "All meetings and events",
        "example_location": "Online (or the place: Community Centre, 1 High Street)",
    },
    "petition": {"label": "Petition"},
    "report": {"label": "Report"},
}


@dataclass(frozen=True)
class MotionWords:
    """The motion-like kind's vocabulary and deadline rule."""

    label: str
    box_title: str
    types: tuple[str, ...]
    needs_deadline: tuple[str, ...]
    fields: dict = field(hash=False, compare=True)
    pdf_body_label: str = "For"
    pdf_kicker: str = "{label} · {author}"
    text_source: str = "{label} from {author}:"
    headings: tuple[str, ...] = ()
    example_body: str = ""
    example_submit_to: str = ""
    calendar: str = "deadlines"

    def kicker(self, author: str) -> str:
        """The line above a printed motion's title."""
        return self.pdf_kicker.format(label=self.label, author=author)

    def source_line(self, author: str) -> str:
        """The plain-text twin's line naming where the motion comes from."""
        return self.text_source.format(label=self.label, author=author)


@dataclass(frozen=True)
class EventWords:
    """What events are called on the home page and in the calendar's name."""

    label: str
    calendar: str
    home_title: str
    home_more: str
    example_location: str


@dataclass(frozen=True)
class Vocabulary:
    """Every kind's label, and the event and motion kinds' own words."""

    labels: dict = field(hash=False, compare=True)
    motion: MotionWords = None  # type: ignore[assignment]
    event: EventWords = None  # type: ignore[assignment]

    def label(self, kind: str) -> str:
        return self.labels[kind]


def _fail(message: str, fix: str, line: int) -> CampaignError:
    return CampaignError.at("pelicanconf.py", line, message, fix)


def _words(raw: object, line: int) -> list[str]:
    if isinstance(raw, str) or not isinstance(raw, (list, tuple)) or not all(isinstance(w, str) and w.strip()
                                                                             for w in raw):
        raise _fail(f"CAMPAIGN_KINDS: {raw!r} is not a list of words", 'write a list: ["motion", "resolution"]',
                    line)
    return [" ".join(w.lower().split()) for w in raw]


def load_vocabulary(raw: object, line: int = 1) -> Vocabulary:
    """Merge CAMPAIGN_KINDS over the defaults, checking every name and type."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise _fail(f"CAMPAIGN_KINDS must be a dict of kind -> words, not {raw!r}",
                    'write CAMPAIGN_KINDS = {"motion": {"label": "Resolution"}}', line)
    merged: dict[str, dict] = {}
    for kind, words in raw.items():
        if kind not in DEFAULTS:
            raise _fail(f"CAMPAIGN_KINDS names an unknown kind {kind!r}", f"use one of: {', '.join(DEFAULTS)}",
                        line)
        if not isinstance(words, dict):
            raise _fail(f"CAMPAIGN_KINDS[{kind!r}] must be a dict, not {words!r}",
                        f'write "{kind}": {{"label": "..."}}', line)
        unknown = sorted(set(words) - set(DEFAULTS[kind]))
        if unknown:
            raise _fail(f"CAMPAIGN_KINDS[{kind!r}] has unknown key(s) {', '.join(unknown)}",
                        f"known keys: {', '.join(DEFAULTS[kind])} (docs/settings.md)", line)
    for kind, defaults in DEFAULTS.items():
        merged[kind] = {**defaults, **raw.get(kind, {})}
    m = merged["motion"]
    types = _words(m["types"], line)
    needs = _words(m["needs_deadline"], line)
    if not types or not set(needs) <= set(types):
        raise _fail(f"CAMPAIGN_KINDS['motion']: needs_deadline {needs} must be among types {types}",
                    "list each type that needs a deadline in types as well", line)
    fields = {**DEFAULTS["motion"]["fields"], **(m["fields"] or {})}
    motion = MotionWords(
        label=str(m["label"]), box_title=str(m["box_title"]), types=tuple(types), needs_deadline=tuple(needs),
        fields=fields, pdf_body_label=str(m["pdf_body_label"]), pdf_kicker=str(m["pdf_kicker"]),
        text_source=str(m["text_source"]), headings=tuple(str(h) for h in m["headings"]),
        example_body=str(m["example_body"]), example_submit_to=str(m["example_submit_to"]),
        calendar=str(m["calendar"]),
    )
    e = merged["event"]
    event = EventWords(label=str(e["label"]), calendar=str(e["calendar"]), home_title=str(e["home_title"]),
                       home_more=str(e["home_more"]), example_location=str(e["example_location"]))
    return Vocabulary(labels={k: str(v["label"]) for k, v in merged.items()}, motion=motion, event=event)
