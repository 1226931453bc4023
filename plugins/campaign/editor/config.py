"""Decap CMS's configuration as plain data, made from the site's sections and the kinds' fields.

Pure functions: settings in, a dict out (written as admin/config.json). The rules are the
ones `make check` applies (checks.py, events.py, motions.py, petitions.py): whatever the form can
express (required, lengths, patterns, choices) is in the form; the rest (End after Start, a
Deadline for some motion types, a picture's alt text) is left to `make check` and the preview.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..checks.per_file import STATUSES, SUMMARY_MAX
from ..content.events import DEFAULT_ZONE
from ..content.kinds import KINDS
from ..content.petitions import SIGN_SCHEMES
from ..content.vocabulary import Vocabulary, load_vocabulary
from ..errors import CampaignError
from ..outputs.pdf import PAPERS
from ..settings import default_section

#: What a header link may start with (content/links.py accepts these schemes).
LINK_SCHEMES = ("https://", "http://", "mailto:")

#: The header's day and day-and-time forms (checks.parse_date), in moment.js's tokens.
DAY_FORMAT = "YYYY-MM-DD"
TIME_FORMAT = "HH:mm"
#: The custom format registered by static/header-format.js: `Name: value` lines, a blank line, Markdown.
FORMAT = "campaign-header"
#: Where decap-server listens (`make edit`); the devserver forwards /api/v1 to it, so the page
#: itself talks to its own origin only.
LOCAL_API = "/api/v1"
BACKENDS = ("github", "gitlab", "gitea")
#: Hosts a production backend's API and pictures come from, by backend, when no api_root is set.
DEFAULT_API = {"github": "https://api.github.com", "gitlab": "https://gitlab.com", "gitea": ""}
#: Every Status `make check` accepts (checks.STATUSES), as the form names it.
STATUS_LABELS = {"published": "Published", "draft": "Draft: in the preview only", "hidden": "Hidden: not listed"}
_FIX = ('write CAMPAIGN_EDITOR = {"backend": "github", "repo": "owner/site", "branch": "main", '
        '"base_url": "https://auth.example.org"} (see README, "The web editor")')


def _pattern(prefixes: Sequence[str], what: str) -> list[str]:
    alternatives = "|".join(p.replace("/", "\\/").replace(".", "\\.") for p in prefixes)
    return [f"^(?:{alternatives})\\S+$", f"{what}: start with {' or '.join(prefixes)}, no spaces"]


def _day(name: str, label: str, hint: str, required: bool) -> dict:
    return {"name": name, "label": label, "widget": "datetime", "required": required, "hint": hint,
            "format": DAY_FORMAT, "date_format": DAY_FORMAT, "time_format": False, "picker_utc": False}


def _moment(name: str, label: str, hint: str) -> dict:
    return {"name": name, "label": label, "widget": "datetime", "required": True, "hint": hint,
            "format": f"{DAY_FORMAT} {TIME_FORMAT}", "date_format": DAY_FORMAT, "time_format": TIME_FORMAT,
            "picker_utc": False}


def _string(name: str, label: str, hint: str, required: bool = True, **extra) -> dict:
    return {"name": name, "label": label, "widget": "string", "required": required, "hint": hint, **extra}


def kind_fields(kind: str, vocabulary: Vocabulary | None = None) -> list[dict]:
    """The fields only posts of `kind` have, in the order the scaffold writes them."""
    if kind == "event":
        return [
            _moment("start", "Start", "When it begins, local time (24-hour clock)."),
            _moment("end", "End", "When it ends; after the start."),
            _string("timezone", "Timezone", f"Leave {DEFAULT_ZONE} unless the event is somewhere else.",
                    required=False, default=DEFAULT_ZONE,
                    pattern=["^[A-Za-z]+(?:/[A-Za-z0-9_+-]+)+$|^UTC$", "a zone like Europe/London"]),
            _string("location", "Location", "The full address people go to, or Online."),
            _string("register", "Sign-up link", "Leave empty if people just turn up.", required=False,
                    pattern=_pattern(LINK_SCHEMES, "a link")),
        ]
    if kind == "motion":
        # The group's own words (CAMPAIGN_KINDS): the types, the field labels and the deadline rule.
        words = (vocabulary or load_vocabulary(None)).motion
        types = list(words.types)
        needs = ", ".join(words.needs_deadline)
        return [
            {"name": "motion_type", "label": words.fields["type"], "widget": "select", "required": True,
             "options": types, "default": types[0]},
            _string("body", words.fields["body"], f"For example: {words.example_body}."
                    if words.example_body else "Where it is to be moved."),
            _day("deadline", words.fields["deadline"], "The last day to submit it."
                 + (f" Needed for: {needs}." if needs else ""), required=False),
            _string("submit_to", words.fields["submit_to"], "Where or how to submit it, in words."),
        ]
    if kind == "petition":
        return [
            _string("sign", "Signing form", "The address of the signing form, or a mailto: link.",
                    pattern=_pattern(SIGN_SCHEMES, "a secure link")),
            _day("closes", "Closes", "The last day to sign; leave empty if it stays open.", required=False),
        ]
    printable = KINDS[kind].printable
    if printable and printable.paper is None:  # printed on the paper the post asks for
        return [{"name": "paper", "label": "Paper", "widget": "select", "required": False,
                 "options": list(PAPERS), "default": PAPERS[0]}]
    return []


def folder_of(kind: str, sections: Sequence) -> str:
    """The section folder a kind's new posts go in: the section SECTIONS names for it (`make new` agrees)."""
    section = default_section(list(sections), kind)
    return section["slug"] if isinstance(section, dict) else section.slug


def collection(kind: str, sections: Sequence, content: str = "content",
               draft_first: bool = False, vocabulary: Vocabulary | None = None) -> dict:
    """One folder collection: posts of `kind` in its section's folder, every field with its widget."""
    vocabulary = vocabulary or load_vocabulary(None)
    pairs = [(s["slug"], s["title"]) if isinstance(s, dict) else (s.slug, s.title) if hasattr(s, "slug") else tuple(s)
             for s in sections]
    titles = dict(pairs)
    folder = folder_of(kind, [s if isinstance(s, dict) or hasattr(s, "slug") else {"slug": s[0], "title": s[1]}
                              for s in sections])
    fields = [
        _string("title", "Title", "The headline, as readers see it."),
        _day("date", "Date", "The day it appears on the site. A later day keeps it off the site until then.",
             required=True),
        {"name": "category", "label": "Sections", "widget": "select", "multiple": True, "required": True,
         "min": 1, "options": [{"label": title, "value": title} for _, title in pairs],
         "default": [titles[folder]], "hint": "Where it is listed; the first is its main section."},
        {"name": "kind", "label": "Kind", "widget": "hidden", "default": kind},
        *kind_fields(kind, vocabulary),
        _string("tags", "Tags", "A few words, separated by commas, that link related posts.", required=False),
        {"name": "summary", "label": "Summary", "widget": "text", "required": True,
         "hint": f"Shown on lists and in search results: one or two sentences, at most {SUMMARY_MAX} characters.",
         "pattern": [f"^\\s*[\\s\\S]{{1,{SUMMARY_MAX}}}\\s*$", f"At most {SUMMARY_MAX} characters"]},
        {"name": "image", "label": "Picture", "widget": "image", "required": False, "choose_url": False,
         "hint": "Optional: shown when the post is shared. Describe it below."},
        _string("image_alt", "What the picture shows", "Needed whenever there is a picture, for readers "
                "who cannot see it.", required=False),
        {"name": "status", "label": "Status", "widget": "select", "required": False,
         **({"default": "draft"} if draft_first else {}),
         "options": [{"label": STATUS_LABELS[status], "value": status} for status in STATUSES],
         "hint": "Draft: shown only in the preview (make devserver). Empty means published."},
        {"name": "text", "label": "Text", "widget": "markdown", "required": True,
         "hint": "Plain paragraphs; a heading starts with ##."},
    ]
    return {
        "name": kind, "label": vocabulary.label(kind), "label_singular": vocabulary.label(kind),
        "folder": f"{content}/posts/{folder}", "extension": "md", "format": FORMAT, "create": True,
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}", "identifier_field": "title", "summary": "{{title}}",
        "filter": {"field": "kind", "value": kind},
        "sortable_fields": ["date", "title"], "fields": fields,
    }


def backend_of(editor: Mapping) -> dict:
    """Decap's `backend` block from CAMPAIGN_EDITOR, checked: a bad value names itself and the fix."""
    name = editor.get("backend")
    if name not in BACKENDS:
        raise CampaignError.at("pelicanconf.py", 1, f"CAMPAIGN_EDITOR backend {name!r} is not one of "
                               f"{', '.join(BACKENDS)}", _FIX)
    repo = editor.get("repo")
    if not isinstance(repo, str) or repo.count("/") != 1:
        raise CampaignError.at("pelicanconf.py", 1, f"CAMPAIGN_EDITOR repo {repo!r} is not owner/name", _FIX)
    backend = {"name": name, "repo": repo, "branch": str(editor.get("branch") or "main")}
    if name == "github":
        # GitHub's OAuth needs a secret, so a small helper (base_url) holds it; see README.
        if not editor.get("base_url"):
            raise CampaignError.at("pelicanconf.py", 1, "CAMPAIGN_EDITOR for github needs base_url "
                                   "(the OAuth helper's address)", _FIX)
        backend |= {"base_url": editor["base_url"], "auth_endpoint": editor.get("auth_endpoint", "auth")}
    else:
        # PKCE: the browser proves itself to GitLab or Gitea/Forgejo without a secret or a server of ours.
        if not editor.get("app_id"):
            raise CampaignError.at("pelicanconf.py", 1, f"CAMPAIGN_EDITOR for {name} needs app_id "
                                   "(the OAuth application's id)", _FIX)
        backend |= {"auth_type": "pkce", "app_id": editor["app_id"]}
        if name == "gitea" and not editor.get("base_url"):
            raise CampaignError.at("pelicanconf.py", 1, "CAMPAIGN_EDITOR for gitea needs base_url "
                                   "(the Gitea or Forgejo server's address)", _FIX)
    for key in ("base_url", "api_root"):
        if editor.get(key):
            backend[key] = editor[key]
    return backend


def api_origins(backend: Mapping | None) -> list[str]:
    """The other origins the editor must reach (API, login, pictures) for a production backend."""
    if not backend:
        return []
    found = [backend.get("api_root") or DEFAULT_API[backend["name"]], backend.get("base_url") or ""]
    if backend["name"] == "github":
        found.append("https://raw.githubusercontent.com")
    origins = []
    for url in found:
        origin = "/".join(url.split("/")[:3]) if url.startswith("https://") else ""
        if origin and origin not in origins:
            origins.append(origin)
    return origins


def admin_csp(backend: Mapping | None) -> str:
    """The Content-Security-Policy of /admin/ only: the site's, relaxed just as far as Decap needs.

    Decap styles itself with inline <style> (emotion) and compiles its config schema with
    `new Function` (ajv); a picture being uploaded is a blob: URL that it also fetches to save it;
    the preview is a same-origin frame.
    """
    others = " ".join(api_origins(backend))
    extra = f" {others}" if others else ""
    return ("default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src 'self' data: blob:{extra}; font-src 'self' data:; connect-src 'self' blob:{extra}; "
            "frame-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'")


def cms_config(sections: Sequence, editor: Mapping | None, *,
               site_url: str = "", content: str = "content", vocabulary: Vocabulary | None = None) -> dict:
    """The whole configuration: backend, media folders, one collection per kind."""
    backend = backend_of(editor) if editor and editor.get("backend") else None
    workflow = (editor or {}).get("workflow", "editorial")
    config: dict = {
        # Without a production backend, the local proxy is the backend itself.
        "backend": backend or {"name": "proxy", "proxy_url": LOCAL_API,
                               "branch": str((editor or {}).get("branch") or "main")},
        "media_folder": f"{content}/images", "public_folder": "/images",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        # With the editorial workflow a new post is already a draft (a branch) until published.
        "collections": [collection(kind, sections, content, draft_first=workflow != "editorial",
                                   vocabulary=vocabulary) for kind in KINDS],
    }
    if workflow == "editorial":
        config["publish_mode"] = "editorial_workflow"
    # local_backend (the devserver forwards /api/v1 to decap-server) is added by static/admin.js:
    # Decap wants its address absolute, and only the page knows its own origin.
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config
