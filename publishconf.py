"""Production settings: pelicanconf.py, then only what differs when the site is published."""
import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

# Every published address derives from SITE_URL (pelicanconf.py); the build stops if it is unset.
SITEURL = SITE_URL  # noqa: F405
FEED_DOMAIN = SITEURL
CAMPAIGN_PRODUCTION = True
RELATIVE_URLS = False
CAMPAIGN_PREVIEW = False
CAMPAIGN_EDITOR_LOCAL = False  # a published editor never looks for a local proxy

# Where `make publish` puts the site; one of: "folder" (copy to PUBLISH_DIR, for Netlify,
# Cloudflare Pages or object storage), "gh-pages" (commit to a gh-pages branch with
# ghp-import and push to PUBLISH_GIT_REMOTE), "rsync" (to PUBLISH_RSYNC_DEST), "releases"
# (PUBLISH_DIR holds releases/ and a `current` symlink, switched atomically; the newest
# PUBLISH_KEEP_RELEASES are kept).
PUBLISH_TARGET = os.environ.get("PUBLISH_TARGET", "folder")
PUBLISH_DIR = os.environ.get("PUBLISH_DIR", "publish")
PUBLISH_KEEP_RELEASES = int(os.environ.get("PUBLISH_KEEP_RELEASES", "5"))
PUBLISH_GIT_REMOTE = os.environ.get("PUBLISH_GIT_REMOTE", "origin")
PUBLISH_GIT_BRANCH = os.environ.get("PUBLISH_GIT_BRANCH", "gh-pages")
PUBLISH_RSYNC_DEST = os.environ.get("PUBLISH_RSYNC_DEST", "lien@labourinexile.org:/var/www/lien/")  # group setting
