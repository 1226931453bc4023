"""Kept check verdicts (checks/verdicts.py) never change the judgement: a pass that reuses every
file's verdict says exactly what a pass that judges every file says, and an edit to a file, a
setting, a data file, a picture, a linked post or the build day is seen at once."""
from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from pelican.settings import read_settings

from campaign import settings as campaign_settings
from campaign.checks import site as checks
from campaign.checks import verdicts
from campaign.checks.site import Report
from campaign.checks.verdicts import LABEL
from campaign.outputs.store import PREVIOUS_SETTING
from tests.conftest import ROOTS

DAY = "2026-11-21 12:00"


def make_project(folder: Path, root: str, extra: str = "") -> Path:
    """`folder` holding a copy of tests/roots/<root> as content/ and a pelicanconf.py that is
    rootconf.py with its own cache folder (and `extra` lines)."""
    tree = ROOTS / root / "content" if (ROOTS / root / "content").is_dir() else ROOTS / root
    shutil.copytree(tree, folder / "content", symlinks=True)
    (folder / "pelicanconf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOTS)!r})\nfrom rootconf import *  # noqa: F403\n"
        f"PATH = {str(folder / 'content')!r}\nCAMPAIGN_CACHE_PATH = {str(folder / 'cache')!r}\n{extra}",
        encoding="utf-8")
    return folder


def check(project: Path, today: str = DAY, cache: Path | None = None, **overrides: object) -> Report:
    """The one validation pass over `project`, as of `today`, as `make check` and the build run it."""
    override = {"CAMPAIGN_TODAY": today, **overrides}
    if cache is not None:
        override["CAMPAIGN_CACHE_PATH"] = str(cache)
    conf = read_settings(str(project / "pelicanconf.py"), override=override)
    return checks.check_content(conf, campaign_settings.load(conf), project)


def cold(project: Path, today: str = DAY, **overrides: object) -> Report:
    """The pass with an empty cache of its own: every file judged."""
    folder = project / f"cold-{len(list(project.glob('cold-*')))}"
    report = check(project, today, cache=folder, **overrides)
    assert report.reused == 0
    return report


def same(a: Report, b: Report) -> None:
    """One judgement: the same problems (whole, fix included) in the same order, the same pictures."""
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert a.problems == b.problems and a.images == b.images and a.count == b.count


# Every content tree under tests/roots/ (with rootconf.py's settings, whatever its own), bad ones too.
ROOT_NAMES = sorted(p.name for p in ROOTS.iterdir() if any((p / sub).is_dir() for sub in ("posts", "pages", "content")))


@pytest.mark.parametrize("root", ROOT_NAMES)
def test_kept_verdicts_judge_every_root_as_judging_afresh_does(tmp_path, root):
    project = make_project(tmp_path, root)
    first = check(project)
    assert first.reused == 0
    again = check(project)
    assert again.reused == again.count > 0  # nothing judged again...
    same(first, again)  # ...and nothing judged differently


def test_the_mistakes_root_says_the_same_every_time(tmp_path):
    from tests.site.test_bad_input import EXPECTED

    project = make_project(tmp_path, "mistakes")
    for _ in range(2):
        report = check(project)
        shown = [str(p).replace(f"{project / 'content'}/", "").removeprefix("content/") for p in report.problems]
        assert [line.replace("(looked for content/", "(looked for ") for line in shown] == EXPECTED
    assert report.reused == report.count


GOOD_POST = "posts/campaigns/2021-05-01-first-post.md"


def _edit_body(project: Path) -> None:
    path = project / "content" / GOOD_POST
    path.write_text(path.read_text(encoding="utf-8") + "\nREPLACE THIS with the story.\n", encoding="utf-8")


def _edit_header(project: Path) -> None:
    path = project / "content" / GOOD_POST
    path.write_text(path.read_text(encoding="utf-8").replace("Category: Campaigns", "Category: Campains"),
                    encoding="utf-8")


def _edit_settings(project: Path) -> None:
    conf = project / "pelicanconf.py"
    renamed = "dict(s, slug='campaign-work', title='Campaign work')"
    conf.write_text(conf.read_text(encoding="utf-8") + f"SECTIONS = [{renamed} if s['slug'] == 'campaigns' else s "
                                                       "for s in SECTIONS]\n", encoding="utf-8")


@pytest.mark.parametrize(("edit", "message"), [
    (_edit_body, "text from the template is still here ('REPLACE THIS')"),
    (_edit_header, "unknown section 'Campains'"),
    (_edit_settings, "unknown section 'Campaigns'"),
])
def test_an_edit_gives_a_fresh_verdict(tmp_path, edit, message):
    project = make_project(tmp_path, "minimal")
    assert check(project).problems == []
    edit(project)
    warm = check(project)
    assert any(p.message == message for p in warm.problems), warm.problems
    expected_reused = 0 if edit is _edit_settings else warm.count - 1
    assert warm.reused == expected_reused
    same(warm, cold(project))


def test_a_section_intro_is_no_part_of_any_verdict(tmp_path):
    project = make_project(tmp_path, "minimal")
    first = check(project)
    (project / "content" / "sections").mkdir()
    (project / "content" / "sections" / "campaigns.md").write_text("What we press for, in new words.\n")
    conf = read_settings(str(project / "pelicanconf.py"))
    assert "new words" in campaign_settings.load(conf).section("campaigns").intro_html  # the intro did change
    again = check(project)
    assert again.reused == again.count
    same(first, again)


def test_a_changed_data_file_gives_fresh_verdicts(tmp_path):
    project = make_project(tmp_path, "kinds")
    assert check(project).problems == []
    data = project / "content" / "data" / "repairs-2021.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("values: [19, 47, 34]", "values: [19, lots, 34]"),
                    encoding="utf-8")
    warm = check(project)
    assert any("'lots'" in p.message for p in warm.problems), warm.problems
    same(warm, cold(project))


LINKING = """\
Title: A post that links
Date: 2021-06-01
Category: Campaigns
Summary: It links to another post.

See [the other post]({filename}/posts/campaigns/2026-12-01-later.md) and ![A banner](/images/banner.png).
"""
LATER = """\
Title: A later post
Date: 2026-12-01 09:00
Category: Campaigns
Summary: Embargoed until the first of December.

Not out yet.
"""


def test_what_other_files_and_the_day_decide_is_judged_on_every_pass(tmp_path):
    """The linked post, the picture and the build day change; the linking post's bytes do not."""
    project = make_project(tmp_path, "minimal")
    posts = project / "content" / "posts" / "campaigns"
    (posts / "2021-06-01-linking.md").write_text(LINKING, encoding="utf-8")
    before = check(project, today="2026-11-29 12:00")
    messages = sorted(p.message for p in before.problems)
    assert messages == [("the link {filename}/posts/campaigns/2026-12-01-later.md points to no file "
                         "(looked for content/posts/campaigns/2026-12-01-later.md)"),
                        "the picture /images/banner.png is not there (looked for content/images/banner.png)"]

    (posts / "2026-12-01-later.md").write_text(LATER, encoding="utf-8")
    embargoed = check(project, today="2026-11-29 12:00")
    assert embargoed.reused == embargoed.count - 1  # only the new post judged
    assert any("points to a post that is not published" in p.message for p in embargoed.problems)
    same(embargoed, cold(project, today="2026-11-29 12:00"))

    (project / "content" / "images").mkdir()
    _png(project / "content" / "images" / "banner.png")
    out = check(project, today="2026-12-02 12:00")  # the later post is out now
    assert out.reused == out.count and out.problems == []
    same(out, cold(project, today="2026-12-02 12:00"))
    assert "images/banner.png" in out.images


def _png(path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (4, 4)).save(path)


def test_a_post_without_a_date_is_told_todays_date_even_from_a_kept_verdict(tmp_path):
    project = make_project(tmp_path, "minimal")
    path = project / "content" / GOOD_POST
    path.write_text(path.read_text(encoding="utf-8").replace("Date: 2021-05-01\n", ""), encoding="utf-8")
    for _ in range(2):
        report = check(project)
        [dateless] = [p for p in report.problems if p.message == "there is no Date"]
        assert dateless.fix == f"add a line `Date: {date.today():%Y-%m-%d}`"
    assert report.reused == report.count


def test_make_check_and_the_build_share_kept_verdicts(tmp_path):
    """The build reads the same settings with its own output folder and previous site: no verdict
    depends on those, so the build reuses what `make check` kept (and the other way round)."""
    project = make_project(tmp_path, "kinds", extra=f"CAMPAIGN_TODAY = {DAY!r}\n")
    conf, cs = checks.load_settings(project)  # exactly what `make check` reads
    first = checks.check_content(conf, cs, project)
    build = check(project, DAY, None, OUTPUT_PATH=str(tmp_path / ".build-output-1"),
                  **{PREVIOUS_SETTING: str(tmp_path / "out")})
    assert build.reused == build.count
    same(first, build)


def test_a_damaged_entry_is_judged_again_not_trusted(tmp_path):
    project = make_project(tmp_path, "mistakes")
    first = check(project)
    entries = sorted((project / "cache" / "derived").glob("*.bin"))
    assert len(entries) == first.count
    for entry in entries[:2]:  # one cut short, one with a byte changed
        data = entry.read_bytes()
        entry.write_bytes(data[:-20] if entry == entries[0] else data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    again = check(project)
    assert again.reused == again.count - 2
    same(first, again)


def test_verdicts_are_kept_under_the_one_cache_seam_only(tmp_path):
    project = make_project(tmp_path, "minimal")
    check(project)
    kept = sorted(p.relative_to(project / "cache").parts[0] for p in (project / "cache").rglob("*") if p.is_file())
    # derived/: the verdicts; content/: the build's reader's entries, read with the check (verdicts._converted).
    assert set(kept) == {"derived", "content"} and LABEL == "check verdict"
    assert not (project / "cache" / "check-clean").exists()  # the old whole-tree stamp is gone
    assert os.listdir(project / "content") == os.listdir(ROOTS / "minimal")  # nothing written into content/


def test_judging_on_every_core_says_what_judging_one_by_one_says(tmp_path):
    project = make_project(tmp_path, "preview-small")
    files = len(list((project / "content").rglob("*.md")))
    assert files >= verdicts.MIN_FILES  # enough missing verdicts for the workers to start
    alone = cold(project, CAMPAIGN_READ_WORKERS=1)
    side_by_side = cold(project, CAMPAIGN_READ_WORKERS=2)
    same(alone, side_by_side)
    assert len(list((project / "cold-1" / "derived").glob("*.bin"))) == alone.count == files


def test_a_markdown_reader_made_in_this_process_changes_no_verdict_key(tmp_path):
    # Pelican's MarkdownReader completes settings["MARKDOWN"] in place (a site that does not set
    # it shares Pelican's default dict), so a preview or build run in this process changed the
    # raw setting, and every later pass judged every file again.
    from pelican.readers import MarkdownReader

    project = make_project(tmp_path, "minimal")
    conf = read_settings(str(project / "pelicanconf.py"), override={"CAMPAIGN_TODAY": DAY})
    cs = campaign_settings.load(conf)
    before = verdicts.settings_digest(conf, cs, project)
    MarkdownReader(conf)
    assert "extensions" in conf["MARKDOWN"]  # the reader did complete it in place
    assert verdicts.settings_digest(conf, cs, project) == before
