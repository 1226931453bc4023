"""`make new-site NAME=... URL=... EMAIL=... SECTIONS="A|B|C" [SHORT=..] [ACCENT=#..]`: a new group's site.

Run in a clone. Checks every value first and changes nothing if any is wrong (each problem
with its fix); then replaces content/ with a neutral starter (one post of each kind, in the
sections that suit it, and the four usual pages) and rewrites the group block of pelicanconf.py
(between `# >>> group settings` and `# <<< group settings`) and publishconf.py's group line.
"""
from __future__ import annotations

import argparse
import pprint
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..content import branding
from ..content.kinds import KINDS

SHORT_MAX = 6  # letters that fit the favicon
_EMAIL = re.compile(r"^[^@\s<>\"']+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
BEGIN, END = "# >>> group settings", "# <<< group settings"
# Section titles that suggest a listing, and the kinds that start in a section so named.
LISTING_WORDS = {"events": r"meeting|event|diary|calendar|what'?s on|gathering",
                 "deadlines": r"motion|resolution|model|submission|consultation|letter"}
KIND_WORDS = {"event": r"meeting|event|diary|calendar", "motion": r"motion|resolution|model|letter",
              "leaflet": r"leaflet|print|poster|resource", "press-release": r"press|media|statement",
              "testimony": r"stor(y|ies)|voice|testimon", "petition": r"petition|campaign",
              "report": r"report|research"}


class StarterError(Exception):
    """A value given to new-site is wrong; the message lists every problem and its fix."""


@dataclass(frozen=True)
class Group:
    """The checked values a new site is made from."""

    name: str
    url: str
    email: str
    sections: tuple[str, ...]
    short: str
    accent: str


def check_values(name: str, url: str, email: str, sections: str, short: str, accent: str,
                 theme_dir: Path) -> Group:
    """Every value checked at once; StarterError lists each problem as `NAME: what — fix`."""
    problems = []
    name = " ".join(name.split())
    if not name:
        problems.append('NAME is empty — give the group\'s name: NAME="Clyde Tenants"')
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or "." not in parts.hostname \
            or parts.path or parts.query:
        problems.append(f"URL {url!r} is not a web address — write the address people type, "
                        "URL=https://clydetenants.org (https://, a domain, no path)")
    email = email.strip()
    if not _EMAIL.match(email):
        problems.append(f"EMAIL {email!r} is not an email address — write EMAIL=hello@clydetenants.org")
    titles = tuple(" ".join(t.split()) for t in sections.split("|") if t.strip())
    from .scaffold import slug_of

    slugs = [slug_of(t) for t in titles]
    if not titles:
        problems.append('SECTIONS is empty — name at least one section, separated by |: SECTIONS="News|Meetings"')
    elif len(set(slugs)) != len(slugs) or not all(slugs):
        problems.append(f"SECTIONS {sections!r} has a repeated or unusable title — give each section its own name")
    short = " ".join(short.split()) or "".join(w[0] for w in name.split() if w[:1].isalnum())[:4].upper()
    if len(short) > SHORT_MAX:
        problems.append(f"SHORT {short!r} is too long for the favicon — use up to {SHORT_MAX} letters: SHORT=CT")
    colour = branding.parse_colour(accent or branding.DEFAULT_ACCENT)
    if colour is None:
        problems.append(f"ACCENT {accent!r} is not a colour — write a hex colour: ACCENT=#1d6b3a")
    else:
        backgrounds = branding.theme_backgrounds(theme_dir)
        failing = branding.check_pairs(colour, branding.darken(colour), backgrounds)
        if failing:
            detail = "; ".join(f"{fg} against {bg} is {ratio}:1" for _, fg, bg, ratio in failing)
            problems.append(f"ACCENT {accent} fails WCAG AA contrast for text ({detail}; needs 4.5:1) — "
                            f"choose a darker colour, for example ACCENT={branding.suggest(colour, backgrounds)}")
    if problems:
        raise StarterError("\n".join(problems))
    return Group(name, url, email, titles, short, colour or branding.DEFAULT_ACCENT)


def plan_sections(titles: tuple[str, ...]) -> list[dict]:
    """SECTIONS entries: a listing guessed from each title, and each kind in the section that suits it."""
    from .scaffold import slug_of

    sections: list[dict[str, Any]] = []
    for title in titles:
        listing = next((k for k, words in LISTING_WORDS.items() if re.search(words, title.lower())), "date")
        sections.append({"slug": slug_of(title), "title": title, "intro": "", "listing": listing, "kinds": []})
    first_dated = next((s for s in sections if s["listing"] == "date"), sections[0])
    for kind in KINDS:
        by_listing = {"event": "events", "motion": "deadlines"}.get(kind)
        home = (next((s for s in sections if by_listing and s["listing"] == by_listing), None)
                or next((s for s in sections if re.search(KIND_WORDS.get(kind, "^$"), s["title"].lower())), None)
                or first_dated)
        home["kinds"].append(kind)
    for s in sections:
        s["intro"] = _intro(s)
        if s["listing"] == "date":
            del s["listing"]
    return sections


def _intro(section: dict) -> str:
    if section["listing"] == "events":
        return "Meetings and events: the next ones first."
    if section["listing"] == "deadlines":
        return "Texts to propose, with the date to send them by."
    return f"{section['title']} from us, newest first."


def settings_block(g: Group, sections: list[dict]) -> str:
    """The group block of pelicanconf.py for `g`."""
    events = next((s for s in sections if s.get("listing") == "events"), None)
    help_links = [["Read what we are doing", f"section:{sections[0]['slug']}"]]
    for kind, text in (("event", "Come to a meeting"), ("leaflet", "Print a leaflet and hand it out")):
        home = next(s for s in sections if kind in s["kinds"])
        if [text, f"section:{home['slug']}"] not in help_links and home is not sections[0]:
            help_links.append([text, f"section:{home['slug']}"])
    help_links.append(["How to get involved", "page:get-involved"])
    lines = [
        f"{BEGIN}: everything that makes this site one group's own. `make new-site` rewrites",
        "# this block (up to the matching <<< line); docs/settings.md describes each setting.",
        f"SITENAME = {g.name!r}",
        f"SITE_SHORTNAME = {g.short!r}  # drawn on the favicon, the header mark and the social cards",
        f"SITE_TAGLINE = {'News, meetings and ways to get involved from ' + g.name!r}",
        "# The public address, the one setting every absolute address derives from.",
        f"SITE_URL = {g.url!r}",
        f"AUTHOR = {g.name!r}",
        f"CONTACT_EMAIL = {g.email!r}",
        "# The accent colour of the header, links and buttons (checked for WCAG AA contrast).",
        f"SITE_ACCENT = {g.accent!r}",
        "",
        "# Sections, in menu order: slug, title, intro, listing (date/events/deadlines), kinds.",
        "SECTIONS = " + pprint.pformat(sections, width=100, sort_dicts=False),
        'MENU_PAGES = ["about", "get-involved"]',
        'FOOTER_PAGES = ["about", "get-involved", "contact", "privacy"]',
        "",
        "# Home page: links are section:<slug>, page:<slug>, mailto:... or https://...",
        'HOME_CALL_TO_ACTION = {"text": ' + repr(f"{g.name} is run by its members. Join us.")
        + ', "link": "page:get-involved", "button": "Get involved"}',
        f"HOME_EVENTS_LINK = {'section:' + events['slug'] if events else None!r}",
        "HOME_WAYS_TO_HELP = " + pprint.pformat({"title": "Get involved", "links": help_links}, width=100,
                                                sort_dicts=False),
        "",
        "# The words of each kind of post: see plugins/campaign/content/vocabulary.py for every key.",
        "CAMPAIGN_KINDS = {}",
        END,
    ]
    return "\n".join(lines) + "\n"


def _post(title: str, day: date, section: str, kind: str, fields: str, summary: str, body: str) -> str:
    return (f"Title: {title}\nDate: {day.isoformat()}\nCategory: {section}\nKind: {kind}\n{fields}"
            f"Summary: {summary}\n\n{body.strip()}\n")


def starter_posts(g: Group, sections: list[dict], today: date, timezone: str) -> dict[str, str]:
    """One published post of each kind, by path under content/, in neutral words."""
    home = {k: s for s in sections for k in s["kinds"]}
    start = today + timedelta(days=14)
    posts = {
        "post": ("Welcome to our new website", "",
                 "Our new website is the place for news, meetings and ways to help.",
                 ("This is the first post on our new website. Here you will find our news, the dates of "
                 "our meetings and things you can do to help.\n\nWrite to us at "
                 f"[{g.email}](mailto:{g.email}) with anything you would like to see here.")),
        "press-release": ("Group launches its new website", "",
                          f"{g.name} has a new website for members, supporters and the press.",
                          (f"{g.name} today launched its new website.\n\nFor more information, "
                          f"email [{g.email}](mailto:{g.email}).")),
        "motion": ("A sample motion to adapt", (f"Motion_type: motion\nBody: members' meeting\n"
                   f"Deadline: {(today + timedelta(days=30)).isoformat()}\nSubmit_to: The secretary, by email\n"),
                   "A sample motion: adapt it for your own meeting and send it in before the deadline.",
                   ("Adapt this text for your own meeting.\n\n## This meeting notes\n\n1. That members want "
                   "a say in what we do.\n\n## This meeting resolves\n\n1. To meet every month.\n"
                   "2. To share the minutes with every member.")),
        "leaflet": ("Our introductory leaflet", "Paper: A5\n",
                    "A short leaflet to print and hand out: who we are and how to join.",
                    (f"## Who we are\n\n{g.name} is a group run by its members.\n\n## How to join\n\n"
                    f"Email {g.email} or come to our next meeting.")),
        "testimony": ("Why I got involved", "",
                      "A member says in their own words why they got involved.",
                      ("I came to my first meeting because I wanted to meet people with the same worries "
                      "as me. I stayed because we got things done together.")),
        "event": ("Our next open meeting", (f"Start: {start.isoformat()} 19:00\nEnd: {start.isoformat()} 20:30\n"
                  f"Timezone: {timezone}\nLocation: Online\n"),
                  "An open meeting for members and anyone who wants to know more.",
                  "Everyone is welcome. We will introduce the group and plan what to do next."),
        "petition": ("Sign our first petition", (f"Sign: mailto:{g.email}?subject=Petition\n"
                     f"Closes: {(today + timedelta(days=60)).isoformat()}\n"),
                     "Add your name to our first petition.",
                     "We ask for:\n\n- a clear answer to our letters\n- a meeting with the people who decide"),
        "report": ("What our members told us", "",
                   "What members told us when we asked them what matters most.",
                   ("We asked our members what matters most to them. Here is what they said, and what we "
                   "will do about it.")),
    }
    out = {}
    for offset, (kind, (title, fields, summary, body)) in enumerate(posts.items()):
        day = today - timedelta(days=len(posts) - offset)
        from .scaffold import slug_of

        section = home[kind]
        out[f"posts/{section['slug']}/{day.isoformat()}-{slug_of(title)}.md"] = _post(
            title, day, section["title"], kind, fields, summary, body)
    return out


def starter_pages(g: Group) -> dict[str, str]:
    """About, get involved, contact and privacy, in neutral words."""
    pages = {
        "about": ("About us", f"Who {g.name} are and what we do.",
                  (f"{g.name} is a group run by its members. Write a few lines here about who you are, "
                  "what you want and how you work.")),
        "get-involved": ("Get involved", "How to join in and help.",
                         f"Come to a meeting, share our posts, or email us at [{g.email}](mailto:{g.email})."),
        "contact": ("Contact", f"How to reach {g.name}.", f"Email us at [{g.email}](mailto:{g.email})."),
        "privacy": ("Privacy", "This site collects nothing about you.",
                    "This site sets no cookies, runs no analytics and loads nothing from other sites."),
    }
    return {f"pages/{slug}.md": f"Title: {title}\nSlug: {slug}\nSummary: {summary}\n\n{body}\n"
            for slug, (title, summary, body) in pages.items()}


def make_site(root: Path, g: Group, today: date) -> list[dict]:
    """Replace content/ and the group settings of the project at `root` (values already checked)."""
    import runpy

    conf_path, publish_path = root / "pelicanconf.py", root / "publishconf.py"
    conf_text = conf_path.read_text(encoding="utf-8")
    if BEGIN not in conf_text or END not in conf_text:
        raise StarterError(f"pelicanconf.py has no `{BEGIN}` ... `{END}` block — restore it from git")
    timezone = str(runpy.run_path(str(conf_path)).get("TIMEZONE") or "UTC")
    sections = plan_sections(g.sections)
    files = {**starter_posts(g, sections, today, timezone), **starter_pages(g)}
    start, end = conf_text.index(BEGIN), conf_text.index(END) + len(END) + 1
    new_conf = conf_text[:start] + settings_block(g, sections) + conf_text[end:]
    publish = re.sub(r"^PUBLISH_RSYNC_DEST = .*$", 'PUBLISH_RSYNC_DEST = os.environ.get("PUBLISH_RSYNC_DEST", "")',
                     publish_path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    # Everything is written aside first, then swapped in: a failure leaves the project as it was.
    content = root / "content"
    fresh = Path(tempfile.mkdtemp(prefix="content-new-", dir=root))
    for rel, text in files.items():
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        (fresh / rel).write_text(text, encoding="utf-8")
    (fresh / "images").mkdir()
    old = root / ".content-old"
    shutil.rmtree(old, ignore_errors=True)
    if content.exists():
        content.rename(old)
    fresh.rename(content)
    shutil.rmtree(old, ignore_errors=True)
    conf_path.write_text(new_conf, encoding="utf-8")
    publish_path.write_text(publish, encoding="utf-8")
    return sections


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """The new-site command; prints what was made, or every problem; 1 on a mistake."""
    parser = argparse.ArgumentParser(prog="make new-site")
    for name in ("name", "url", "email", "sections", "short", "accent"):
        parser.add_argument(f"--{name}", default="")
    parser.add_argument("--today", default="")
    args = parser.parse_args(argv)
    root = Path(root or Path.cwd())
    try:
        group = check_values(args.name, args.url, args.email, args.sections, args.short, args.accent,
                             root / "theme")
        sections = make_site(root, group, date.fromisoformat(args.today) if args.today else date.today())
    except StarterError as err:
        print(f"new-site changed nothing:\n{err}", file=sys.stderr)
        return 1
    print(f"Made a starter site for {group.name} ({group.url}).\nSections: "
          + ", ".join(f"{s['title']} ({s.get('listing', 'date')}; {', '.join(s['kinds']) or 'no kinds'})"
                      for s in sections)
          + "\nNext: edit content/pages/ and pelicanconf.py (docs/settings.md), then `make check` and `make serve`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
