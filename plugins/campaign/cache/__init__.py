"""cache."""

#: Where every cache lives unless CAMPAIGN_CACHE_PATH says otherwise: the one place it is written
#: (here, not in settings.py, so the up-to-date decision can find it without loading the plugin).
DEFAULT_CACHE_PATH = ".cache/campaign"
