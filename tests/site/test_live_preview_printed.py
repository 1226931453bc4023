"""The live preview and a post whose text is printed: a body save to a published leaflet makes
its PDF again (a full build), since the PDF is made from the text outside any writer call."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from campaign.tools.live_site import LiveSite
from tests.conftest import BUILD_DAY, ROOTS
from tests.site.test_live_preview import differences


def _site(base: Path, content: Path, output: Path, cache: Path) -> LiveSite:
    conf = base / "conf.py"
    conf.write_text(f"import sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootconf import *  # noqa: F401,F403\n",
                    encoding="utf-8")
    return LiveSite(str(conf), output, {"PATH": str(content), "CAMPAIGN_TODAY": BUILD_DAY, "CAMPAIGN_PREVIEW": True,
                                        "CAMPAIGN_CACHE_PATH": str(cache)})


def _pdf_text(folder: Path, stem: str) -> str:
    pdf = next(folder.rglob(f"{stem}*.pdf"))
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_a_body_save_to_a_published_leaflet_prints_it_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOTS / "kinds", content)
    live = _site(tmp_path, content, tmp_path / "live", tmp_path / "cache")
    live.full()
    leaflet = content / "posts" / "leaflets" / "2021-02-01-who-we-are-leaflet.md"
    leaflet.write_text(leaflet.read_text(encoding="utf-8") + "\nPrint this sentence too.\n", encoding="utf-8")
    update = live.changed({leaflet})
    assert update.how == "full"  # replaying its pages alone would leave the PDF as it was
    assert "Print this sentence too." in " ".join(_pdf_text(tmp_path / "live", "who-we-are").split())
    # A post shown only by pages still takes the text path.
    post = sorted((content / "posts" / "campaigns").glob("*.md"))[0]
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert live.changed({post}).how == "text"
    clean = tmp_path / "clean"
    _site(tmp_path, content, clean, tmp_path / "clean-cache").full()
    assert differences(tmp_path / "live", clean) == []
