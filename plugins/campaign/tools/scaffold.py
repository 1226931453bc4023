"""`make new KIND=event TITLE="..."`: start a post in the right folder with every field filled in.

The file builds as it is: every field holds a valid placeholder, and `Status: draft` keeps it
in the preview only. Python-Markdown's metadata header takes no comments (a `#` line ends it),
so the notes on each field are a Markdown list just after the header; `make check` refuses to
publish a post that still holds any PLACEHOLDERS.
"""
from __future__ import annotations

import re
import runpy
from datetime import date, timedelta
from pathlib import Path

# PLACEHOLDERS: text every template uses for what the volunteer must replace; `make check`
# looks for it. Named here too, as the scaffolds write them.
from ..content.header import PLACEHOLDERS  # noqa: F401  (the scaffolds write them; the check refuses them)
from ..content.kinds import KINDS
from ..content.vocabulary import load_vocabulary
from ..settings import default_section

TEMPLATES = Path(__file__).parent / "scaffolds"

# The section each kind starts in comes from SECTIONS' "kinds" (settings.default_section); the
# post's folder under content/posts/ is that section's slug, made when missing.
PREVIEW_URL = "http://127.0.0.1:8000/"
_FILENAME_SLUG_MAX = 80
_TOKEN = re.compile(r"\{\{(\w+)\}\}")


class ScaffoldError(Exception):
    """The post cannot be started; the message says why and what to do."""


def slug_of(title: str, regex_subs=None) -> str:
    """The slug Pelican makes from `title` (ASCII, lower case, hyphens), so file and URL agree."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    subs = regex_subs or DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    return slugify(title, regex_subs=subs, preserve_case=False, use_unicode=False)


def _filename_slug(slug: str) -> str:
    # Long titles make unwieldy file names; cut at a hyphen. The URL keeps the full slug.
    if len(slug) <= _FILENAME_SLUG_MAX:
        return slug
    return slug[:_FILENAME_SLUG_MAX].rsplit("-", 1)[0]


def render(kind: str, title: str, today: date, conf: dict) -> str:
    """The new post's text: the kind's template with today's date and placeholders filled in."""
    sections = {s["slug"]: s["title"] for s in conf["SECTIONS"]}
    words = load_vocabulary(conf.get("CAMPAIGN_KINDS")).motion
    headings = [*words.headings, "", "", ""]
    needs = words.needs_deadline
    values = {
        "title": title,
        "today": today.isoformat(),
        "category": default_section(conf["SECTIONS"], kind)["title"],
        "sections": ", ".join(sections.values()),
        "timezone": str(conf.get("TIMEZONE") or "UTC"),
        "label": words.label.lower(),
        "motion_type": needs[0] if needs else words.types[0],
        "types": ", ".join(f"`{t}`" for t in words.types),
        "body": words.example_body,
        "submit_to": words.example_submit_to,
        "deadline_rule": (f"Needed for: {', '.join(needs)}; delete the line for a type without a deadline."
                          if needs else "Delete the line if there is no deadline."),
        "heading_1": headings[0] or "This meeting notes", "heading_2": headings[1] or "This meeting believes",
        "heading_3": headings[2] or "This meeting resolves",
        "start": (today + timedelta(days=7)).isoformat(),
        "deadline": (today + timedelta(days=14)).isoformat(),
        "closes": (today + timedelta(days=30)).isoformat(),
        "contact": str(conf.get("CONTACT_EMAIL") or "our email address"),
    }
    template = (TEMPLATES / KINDS[kind].scaffold).read_text(encoding="utf-8")
    # One pass, so braces in the title are never read as tokens.
    return _TOKEN.sub(lambda m: values[m.group(1)], template)


def new_post(kind: str, title: str, root: Path, today: date | None = None) -> Path:
    """Write content/posts/<section>/<YYYY-MM-DD>-<slug>.md for a new post; return its path."""
    kind = kind.strip().lower()
    title = " ".join(title.split())
    if not kind:
        raise ScaffoldError(f'say which kind of post — make new KIND=event TITLE="..." (kinds: {", ".join(KINDS)})')
    if kind not in KINDS:
        raise ScaffoldError(f"unknown kind '{kind}' — use one of: {', '.join(KINDS)}")
    if not title:
        raise ScaffoldError('the title is empty — write it in quotes: make new KIND=event TITLE="Members\' meeting"')
    conf = runpy.run_path(str(Path(root) / "pelicanconf.py"))
    slug = slug_of(title, conf.get("SLUG_REGEX_SUBSTITUTIONS"))
    if not slug:
        raise ScaffoldError(f"cannot make a file name from the title {title!r} — "
                            "use a title with some letters or numbers")
    today = today or date.today()
    folder = Path(root) / conf.get("PATH", "content") / "posts" / default_section(conf["SECTIONS"], kind)["slug"]
    path = folder / f"{today.isoformat()}-{_filename_slug(slug)}.md"
    if path.exists():
        raise ScaffoldError(f"{path.relative_to(root)} already exists — open that file to edit it, "
                            "or choose a different title")
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(render(kind, title, today, conf))
    return path


def main(kind: str, title: str, root: Path) -> int:
    """`invoke new KIND TITLE`: print where the post is and how to preview it; 1 on a mistake."""
    root = Path(root)
    try:
        path = new_post(kind, title, root)
    except ScaffoldError as err:
        print(f"Could not start the post: {err}")
        return 1
    conf = runpy.run_path(str(root / "pelicanconf.py"))
    slug = slug_of(" ".join(title.split()), conf.get("SLUG_REGEX_SUBSTITUTIONS"))
    print(f"Started {path.relative_to(root)}\n"
          "Open it in your editor and replace every REPLACE THIS; the notes under the top lines explain each one.\n"
          "It is a draft (the line `Status: draft`), so it shows in the preview only.\n"
          f"Preview: run `make devserver`, then open {PREVIEW_URL}drafts/{slug}/\n"
          "When it is ready: delete the `Status: draft` line and the notes, run `make check`, then commit.")
    return 0
