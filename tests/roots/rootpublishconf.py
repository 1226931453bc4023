"""Production settings for the test roots: rootconf.py, then what publishconf.py changes."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rootconf import *  # noqa: F403

SITEURL = "https://forum.example.org"
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
CAMPAIGN_PREVIEW = False
