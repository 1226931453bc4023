"""Production settings: pelicanconf.py, then only what differs when the site is published."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = "https://labourinexile.org"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
CAMPAIGN_PREVIEW = False
CAMPAIGN_EDITOR_LOCAL = False  # a published editor never looks for a local proxy

# Where `make publish` puts the site; one of: "folder" (copy to PUBLISH_DIR, for Netlify,
# Cloudflare Pages or object storage), "gh-pages" (commit to a gh-pages branch with
# ghp-import and push to PUBLISH_GIT_REMOTE), "rsync" (to PUBLISH_RSYNC_DEST).
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "folder")
PUBLISH_DIR = os.environ.get("PUBLISH_DIR", "publish")
PUBLISH_GIT_REMOTE = os.environ.get("PUBLISH_GIT_REMOTE", "origin")
PUBLISH_GIT_BRANCH = os.environ.get("PUBLISH_GIT_BRANCH", "gh-pages")
PUBLISH_RSYNC_DEST = os.environ.get("PUBLISH_RSYNC_DEST", "lien@labourinexile.org:/var/www/lien/")
