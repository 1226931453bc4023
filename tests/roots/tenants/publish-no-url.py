"""The tenants' settings published with SITE_URL forgotten: the build must stop, not guess."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from settings import *  # noqa: F403

SITE_URL = ""
SITEURL = ""
CAMPAIGN_PRODUCTION = True
