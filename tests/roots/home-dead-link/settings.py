"""A group's settings whose home page links to a section it does not have (the build must stop)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from pelicanconf import *  # noqa: E402, F403

THEME = str(ROOT / "theme")
PLUGIN_PATHS = [str(ROOT / "plugins")]
SECTIONS = [{"slug": "news", "title": "News"}]
HOME_EVENTS_LINK = None
HOME_WAYS_TO_HELP = {"title": "Help", "links": [["Come to a meeting", "section:meetings"]]}
