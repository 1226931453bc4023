"""A tenants' union's site made by editing the group settings alone (issue 16): its own sections,
listings, words for the motion-like kind, colours, home page and address."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from pelicanconf import *  # noqa: E402, F403

THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]

SITENAME = "Riverside Tenants"
SITE_SHORTNAME = "RT"
SITE_TAGLINE = "Tenants organising for safe, affordable homes"
SITE_URL = "https://riverside-tenants.example"
AUTHOR = "Riverside Tenants"
CONTACT_EMAIL = "hello@riverside-tenants.example"
SITE_ACCENT = "#5b2a86"
SITE_ACCENT_DARK = None
SITE_LOGO = "images/logo.png"
SECTIONS = [
    {"slug": "news", "title": "News", "kinds": ["post", "press-release", "leaflet", "petition", "report", "testimony"]},
    {"slug": "letters", "title": "Letters", "intro": "Letters to send.", "listing": "deadlines", "kinds": ["motion"]},
    {"slug": "meetings", "title": "Meetings", "intro": "Come along.", "listing": "events", "kinds": ["event"]},
]
MENU_PAGES = ["get-involved"]
FOOTER_PAGES = ["get-involved"]
HOME_CALL_TO_ACTION = {"text": "Join the union.", "link": "page:get-involved", "button": "Join"}
HOME_EVENTS_LINK = None  # the first section listing events
HOME_WAYS_TO_HELP = {"title": "Help out", "links": [["Send a letter", "section:letters"],
                                                   ["Join", "page:get-involved"]]}
CAMPAIGN_KINDS = {
    "motion": {
        "label": "Model letter",
        "box_title": "About this letter",
        "types": ["letter to landlord", "letter to council"],
        "needs_deadline": ["letter to council"],
        "fields": {"type": "Letter", "body": "Send from", "submit_to": "Send to"},
        "pdf_kicker": "{label} from {author}",
        "calendar": "letter deadlines",
    },
    "event": {"label": "Meeting", "calendar": "union meetings", "home_title": "Next meetings",
              "home_more": "All our meetings"},
}
