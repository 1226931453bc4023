"""Settings every test root is built with: pelicanconf.py, with a made-up group's words.

The roots assert on these names, not on the group whose content/ and pelicanconf.py this
project ships, so a group that replaces both keeps a green suite. Section slugs are the ones
the plugin and `make new` know (events, model-motions, ...); their titles are the roots' own.
"""
import runpy
import typing
from pathlib import Path

# pelicanconf.py run as a file: a settings file Pelican loads is itself the module `pelicanconf`,
# so `from pelicanconf import *` there would import that file, not the project's settings.
globals().update({k: v for k, v in runpy.run_path(str(Path(__file__).resolve().parents[2] / "pelicanconf.py")).items()
                  if k.isupper()})
if typing.TYPE_CHECKING:  # `typing.`: Pelican would take an upper-case TYPE_CHECKING name for a setting
    # What the line above gives this module at run time, said so mypy sees the same names.
    from pelicanconf import *  # noqa: F403

# Every setting of pelicanconf.py's group block is set here, so the roots never carry the
# shipped group's words, address or colours.
SITENAME = "Riverside Residents Forum"
SITE_SHORTNAME = "RRF"
SITE_TAGLINE = "Neighbours organising for safe, affordable homes"
SITE_URL = "https://forum.example.org"
SITE_DOMAIN = "forum.example.org"
AUTHOR = SITENAME
CONTACT_EMAIL = "hello@forum.example.org"
CONTACT_LINE = "hello@forum.example.org · forum.example.org"
CAMPAIGN_PRODID = "-//Riverside Residents Forum//test-site//EN"
SITE_ACCENT = "#1d6b3a"
SITE_ACCENT_DARK = None
SECTIONS = [
    {"slug": "campaigns", "title": "Campaigns", "intro": "What the forum is pressing for.",
     "kinds": ["post", "petition", "report"]},
    {"slug": "model-motions", "title": "Motions", "intro": "Motions to put to your residents' association.",
     "listing": "deadlines", "kinds": ["motion"]},
    {"slug": "why-we-are-fighting-back", "title": "Residents' stories", "intro": "Neighbours in their own words.",
     "kinds": ["testimony"]},
    {"slug": "press-releases", "title": "Press releases", "intro": "Statements to the press.",
     "kinds": ["press-release"]},
    {"slug": "leaflets", "title": "Leaflets", "intro": "Leaflets to print and hand out.", "kinds": ["leaflet"]},
    {"slug": "events", "title": "Meetings", "intro": "Meetings, stalls and walkabouts.",
     "listing": "events", "kinds": ["event"]},
]
MENU_PAGES = ["about"]
FOOTER_PAGES = ["about", "privacy"]
HOME_CALL_TO_ACTION = None
HOME_EVENTS_LINK = "section:events"
HOME_WAYS_TO_HELP = {
    "title": "Get involved",
    "links": [
        ["Put a motion to your association", "section:model-motions"],
        ["Print a leaflet and hand it out", "section:leaflets"],
    ],
}
# The forum's words for its motions (the plugin's neutral defaults for every other kind).
CAMPAIGN_KINDS = {
    "motion": {
        "label": "Model motion",
        "types": ["contemporary motion", "rule change", "motion"],
        "needs_deadline": ["contemporary motion", "rule change"],
        "headings": ["This association notes", "This association believes", "This association resolves"],
        "calendar": "model motion deadlines",
    },
}
