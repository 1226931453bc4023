"""Issue 18: a rebuild with nothing changed reads no file again. The read-ahead (warm_cache)
and Pelican's reader must agree on every content-cache key; they did not, because Pelican's
reader completes settings["MARKDOWN"] in place and the key held the setting as it was."""
from __future__ import annotations

from pathlib import Path

from pelican.settings import read_settings

from campaign.cache.content import ContentCache
from campaign.markdown.reader import CampaignMarkdownReader
from tests.conftest import ROOT, run_build, settings_with

SMALL = ROOT / "tests" / "roots" / "preview-small"


def _env(cache: Path) -> dict:
    return {"CAMPAIGN_CACHE_PATH": str(cache), "COLUMNS": "250"}


def test_a_second_build_reads_nothing(tmp_path):
    conf = settings_with(tmp_path, base="rootconf")
    first = run_build(SMALL, tmp_path / "out", settings=conf, env=_env(tmp_path / "cache"))
    assert first.returncode == 0, first.stderr
    assert "Read 22 files not in the content cache" in first.stdout + first.stderr
    # Into another folder: a build of the same folder with nothing changed would not run Pelican.
    second = run_build(SMALL, tmp_path / "out2", settings=conf, env=_env(tmp_path / "cache"))
    assert second.returncode == 0, second.stderr
    assert "Built " in second.stdout
    assert "not in the content cache" not in second.stdout + second.stderr


def test_the_key_is_the_same_before_and_after_a_reader_is_made(tmp_path):
    settings = read_settings(str(ROOT / "pelicanconf.py"),
                             override={"PATH": str(SMALL), "CAMPAIGN_CACHE_PATH": str(tmp_path)})
    post = str(SMALL / "posts" / "post-01.md")
    before = ContentCache(tmp_path, settings).key(post)
    CampaignMarkdownReader(settings)  # completes settings["MARKDOWN"] in place, as Pelican's does
    assert "markdown.extensions.meta" in settings["MARKDOWN"]["extensions"]
    assert ContentCache(tmp_path, settings).key(post) == before
