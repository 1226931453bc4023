"""Site settings: the one file (with content/) that a group edits to make this site its own."""
import os

# >>> group settings: everything that makes this site one group's own. `make new-site` rewrites
# this block (up to the matching <<< line); docs/settings.md describes each setting.
# --- Who we are -----------------------------------------------------------------------------
SITENAME = "Labour in Exile Network"
SITE_SHORTNAME = "LIEN"  # drawn on the favicon, the header mark and the social cards
SITE_TAGLINE = "Suspended, expelled, still organising: for a democratic Labour Party"
# The public address, the one setting every absolute address derives from: feeds and canonical
# links when published (publishconf.py), the QR codes on leaflets, calendar UIDs and PRODID.
SITE_URL = "https://labourinexile.org"
AUTHOR = "Labour in Exile Network"
CONTACT_EMAIL = "info@labourinexile.org"
# Branding: the accent colour of the header, links and buttons (checked for WCAG AA contrast at
# build time), and a darker shade for hover and the menu bar (made from the accent when unset).
SITE_ACCENT = "#b3001b"
SITE_ACCENT_DARK = "#8a0015"

# --- Sections, in menu order -----------------------------------------------------------------
# slug (stable URL /section/<slug>/), title (as posts name it in `Category:`), intro (Markdown;
# content/sections/<slug>.md wins when it exists), listing (how its page lists posts: "date" by
# year, "events" upcoming then past with the events calendar, "deadlines" open then closed with
# the deadlines calendar) and kinds (the kinds `make new` starts in this section).
SECTIONS = [
    {"slug": "campaigns", "title": "Campaigns", "intro": "What we are campaigning for now.",
     "kinds": ["post", "petition", "report"]},
    {"slug": "model-motions", "title": "Model motions", "intro": "Motions to move at your branch or CLP.",
     "listing": "deadlines", "kinds": ["motion"]},
    {"slug": "why-we-are-fighting-back", "title": "Why we are fighting back", "intro": "Members' own stories.",
     "kinds": ["testimony"]},
    {"slug": "press-releases", "title": "Press releases", "intro": "Statements to the press.",
     "kinds": ["press-release"]},
    {"slug": "leaflets", "title": "Leaflets", "intro": "Leaflets to print and hand out.", "kinds": ["leaflet"]},
    {"slug": "how-we-work", "title": "How we work", "intro": "Our meetings, decisions and working groups."},
    {"slug": "events", "title": "Meetings/events", "intro": "Meetings, pickets and protests.",
     "listing": "events", "kinds": ["event"]},
]
# Pages linked in the footer and the top of the menu, by slug.
MENU_PAGES = ["about", "get-involved"]
FOOTER_PAGES = ["about", "get-involved", "contact", "privacy"]

# --- Home page -------------------------------------------------------------------------------
# Links are "section:<slug>", "page:<slug>", "mailto:..." or "https://..."; one that does not
# resolve to a real section or page stops the build (and `make check`), naming the setting.
HOME_CALL_TO_ACTION = None  # or {"text": "...", "link": "page:get-involved", "button": "Join us"}
HOME_EVENTS_LINK = "section:events"  # "All meetings and events"; None: the first events section
HOME_WAYS_TO_HELP = {
    "title": "Get involved",
    "links": [
        ["Move a model motion at your branch or CLP", "section:model-motions"],
        ["Print a leaflet and hand it out", "section:leaflets"],
        ["Tell us your story", "section:why-we-are-fighting-back"],
    ],
}

# --- The words of each kind of post (defaults: plugins/campaign/content/vocabulary.py) ---------------
CAMPAIGN_KINDS = {
    "motion": {
        "label": "Model motion",
        "types": ["contemporary motion", "rule change", "motion"],
        # Party conference only takes these by a fixed date, so one without a Deadline misleads.
        "needs_deadline": ["contemporary motion", "rule change"],
        "headings": ["This branch/CLP notes", "This branch/CLP believes", "This branch/CLP resolves"],
        "example_body": "branch, CLP, conference",
        "example_submit_to": "Your CLP secretary",
        "calendar": "model motion deadlines",
    },
    "event": {"example_location": "Online (or the place: Labour Party HQ, London SW1)"},
}
# <<< group settings

DEFAULT_LANG = "en-GB"
TIMEZONE = "Europe/London"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
SITEURL = ""  # empty for local preview; publishconf.py sets it to SITE_URL

# --- Campaign plugin -------------------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["campaign", "pelican.plugins.sitemap"]
# The moment the site is built "as of", in TIMEZONE: the embargo, "upcoming", "closes in 5 days"...
# "2021-09-08 14:00" is that minute; a day alone ("2021-09-08") is its start (00:00), so nothing
# dated later that day is published. Empty means now (or the CAMPAIGN_TODAY environment variable).
CAMPAIGN_TODAY = os.environ.get("CAMPAIGN_TODAY", "")
# Pictures in content/images/ published even when no published post, page, template or setting
# names them (file names inside content/images/). Every other picture waits for its post.
CAMPAIGN_PUBLIC_IMAGES: list[str] = []
# Preview builds (make devserver) show drafts with a banner; published builds never do.
CAMPAIGN_PREVIEW = os.environ.get("CAMPAIGN_PREVIEW", "") == "1"
# The web editor at /admin/ (Decap CMS; README, "The web editor"). `make devserver` and `make edit`
# turn on its local version; set CAMPAIGN_EDITOR to put it in the published site too, e.g.
# {"backend": "github", "repo": "owner/site", "branch": "main", "base_url": "https://auth.example.org"}
# or {"backend": "gitlab", "repo": "owner/site", "branch": "main", "app_id": "..."} (PKCE, no server).
CAMPAIGN_EDITOR: dict = {}
CAMPAIGN_EDITOR_LOCAL = os.environ.get("CAMPAIGN_EDITOR_LOCAL", "") == "1"
# Rendered posts, PDFs, calendars and search bundles are kept here between builds, keyed by a
# hash of their inputs, so unchanged ones are reused. Unset: the plugin's default (.cache/campaign).
CAMPAIGN_CACHE_PATH = os.environ.get("CAMPAIGN_CACHE_PATH")

# --- Where things are ------------------------------------------------------------------------
PATH = "content"
THEME = "theme"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "files", "extra"]  # files/: PDFs and other downloads (an import puts them there)
# robots.txt, _headers (security headers) and the favicon are made by the build from these
# settings (plugins/campaign/outputs/site_files.py), so they survive a group emptying content/.
ROBOTS_TXT = "User-agent: *\nAllow: /\n"
USE_FOLDER_AS_CATEGORY = False  # a post must name its sections; folders are only for tidiness
DEFAULT_CATEGORY = ""
WITH_FUTURE_DATES = True  # the campaign plugin embargoes future posts against CAMPAIGN_TODAY
DEFAULT_PAGINATION = 10
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 60
TYPOGRIFY = True
# Typogrify keeps its typography (curly quotes, dashes, ellipses: the smartypants filter).
# No widont: its no-break space makes long last words overflow narrow phone screens. No caps,
# amp or initial_quotes: they only wrap words in <span>s the theme does not style, and cost a
# fifth of Typogrify's time in a cold build.
TYPOGRIFY_OMIT_FILTERS = ["widont", "caps", "amp", "initial_quotes"]
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
# Build speed (README "Performance"): keep each post's rendered HTML, after Typogrify,
# in CAMPAIGN_CACHE_PATH/content, so an unchanged post is not read again. Pelican's own cache
# stays off (above): plugins/campaign/cache/content.py says why. Safe to delete (`make clean`).
CAMPAIGN_CONTENT_CACHE = True
# Files missing from that cache are read in this many processes before Pelican reads them, and
# files the check has no kept verdict for are judged in as many (None: one per core, at most
# four; 1: one at a time, in the build's own process).
CAMPAIGN_READ_WORKERS = None
# The search index is made in parts of about this many pages (whole months of posts each), so
# editing one post re-indexes only its part. Smaller parts: faster rebuilds of a large site, but
# each search fetches a few more small files. A site smaller than one part has a single index.
CAMPAIGN_SEARCH_PART_PAGES = 250

# --- URLs: folders with index.html, so addresses stay clean and stable on any host ------------
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL + "index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
ARCHIVES_URL = "archive/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "archive/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = ""
# Sections replace Pelican's single category; the campaign plugin writes their pages and feeds.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "search", "404"]
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
# A name cannot start with a digit in Python, so the 404 page's setting is set this way.
globals()["404_SAVE_AS"] = "404.html"

# --- Feeds -----------------------------------------------------------------------------------
FEED_DOMAIN = "http://127.0.0.1:8000"  # local preview; publishconf.py sets the real domain
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
SECTION_FEED_ATOM = "feeds/section/{slug}.atom.xml"

# --- Markdown --------------------------------------------------------------------------------
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- Sitemap (pelican-sitemap) ---------------------------------------------------------------
SITEMAP = {
    "format": "xml",
    "priorities": {"articles": 0.7, "indexes": 0.5, "pages": 0.6},
    "changefreqs": {"articles": "monthly", "indexes": "daily", "pages": "monthly"},
    # Regular expressions. The search page is empty until a reader searches (and is noindex);
    # page 2, 3... of a list only repeat posts that are listed on their own.
    "exclude": ["tag/", "archive/", "drafts/", "404.html", "^search/", r"(^|/)page/\d+/"],
}

RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION: list[str] = []
