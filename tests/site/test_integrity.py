"""Issue 14, content integrity, through real builds of tests/roots/integrity: the embargo holds to
the minute, pictures of unpublished posts stay out, and `make check` and the build agree on every
bad input (check fails with the message <=> the build fails with it, never a traceback)."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.site.integrity_tools import find, judge, make_project

EMBARGOED = "2021/09/an-embargoed-statement/"


@pytest.fixture(scope="module")
def at_two(tmp_path_factory) -> Path:
    """The integrity root built as of 14:00, with one picture listed as always public."""
    project = make_project(tmp_path_factory.mktemp("at-two"), CAMPAIGN_PUBLIC_IMAGES=["always.png"])
    verdicts = judge(project)
    assert verdicts.check == [] and verdicts.build_code == 0, verdicts.build_out
    return project / "output"


@pytest.fixture(scope="module")
def at_midnight(tmp_path_factory) -> Path:
    """The same root built as of 23:45, when the 23:30 release is out."""
    project = make_project(tmp_path_factory.mktemp("late"), today="2021-09-08 23:45")
    verdicts = judge(project, today="2021-09-08 23:45")
    assert verdicts.check == [] and verdicts.build_code == 0, verdicts.build_out
    return project / "output"


def test_a_release_dated_23_30_is_not_published_at_14_00(at_two):
    assert not (at_two / EMBARGOED).exists()
    assert find(at_two, "embargoed words") == [] and find(at_two, "an-embargoed-statement") == []


def test_the_release_is_published_once_its_time_has_come(at_midnight):
    assert (at_midnight / EMBARGOED / "index.html").is_file()
    assert "feeds/all.atom.xml" in find(at_midnight, "an-embargoed-statement")


def test_pictures_used_only_by_unpublished_posts_are_not_copied(at_two, at_midnight):
    assert sorted(p.name for p in (at_two / "images").iterdir()) == [
        "always.png", "header.png", "page.png", "published.png"]
    # Once the release is out, its picture goes with it; the draft's never does.
    assert sorted(p.name for p in (at_midnight / "images").iterdir()) == [
        "embargo-only.png", "header.png", "page.png", "published.png"]


def _post(title: str, extra: str = "", body: str = "Text.", date: str = "2021-05-10") -> str:
    return f"Title: {title}\nDate: {date}\nCategory: Campaigns\n{extra}Summary: A summary.\n\n{body}\n"


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
CHART = "```chart\ndata: {name}\n```\n"

# (id, files to add under content/ (bytes or text), text that the message must hold)
BAD_INPUTS = [
    ("blank-line-before-status", {"posts/campaigns/x.md": _post("X", body="Status: draft\n\nMore.")
                                  .replace("Summary: A summary.\n\n", "Summary: A summary.\n\n")
                                  .replace("Category: Campaigns\n", "Category: Campaigns\n\n", 1)},
     "looks like a header line, but the header ended on line"),
    ("summary-wraps-unindented", {"posts/campaigns/x.md": "Title: X\nDate: 2021-05-10\nCategory: Campaigns\n"
                                  "Summary: one\ntwo\nStatus: draft\n\nBody.\n"},
     "x.md:6: `Status:` looks like a header line"),
    ("status-indented", {"posts/campaigns/x.md": _post("X", "\tStatus: draft\n")},
     "x.md:4: `Status:` is indented"),
    ("status-twice", {"posts/campaigns/x.md": _post("X", "Status: published\nStatus: draft\n")},
     "x.md:5: `status:` is given twice"),
    ("slug-escapes", {"posts/leaflets/x.md": _post("X", "Slug: ../../x\nKind: leaflet\n").replace(
        "Campaigns", "Leaflets")}, "x.md:4: the Slug '../../x' is not a plain web address"),
    ("slug-absolute", {"pages/x.md": "Title: X\nSlug: /etc/x\n\nText.\n"}, "x.md:2: the Slug '/etc/x'"),
    ("page-takes-search", {"pages/x.md": "Title: X\nSlug: search\n\nText.\n"},
     "x.md:2: the page would be written to search/index.html, where the built-in search page"),
    ("page-takes-archive", {"pages/x.md": "Title: X\nSlug: archive\n\nText.\n"},
     "the built-in archives page"),
    ("page-takes-a-section", {"pages/x.md": "Title: X\nSlug: section/campaigns\n\nText.\n"},
     "the built-in section page 'campaigns'"),
    ("page-takes-a-tag", {"pages/x.md": "Title: X\nSlug: tag/picket\n\nText.\n",
                          "posts/campaigns/y.md": _post("Y", "Tags: Picket\n")},
     "the built-in page of tag 'picket'"),
    ("two-posts-one-slug-one-month", {"posts/campaigns/x.md": _post("Same title"),
                                      "posts/campaigns/y.md": _post("Same title", date="2021-05-20")},
     "the post would be written to 2021/05/same-title/index.html, where the post"),
    ("two-pages-one-slug", {"pages/x.md": "Title: About us\nSlug: about\n\nText.\n"},
     "where the page (content/pages/about.md:2)"),
    ("page-takes-a-static-file",
     {"extra/index.html": "<p>kept as is</p>", "pages/x.md": "Title: X\nSlug: extra\n\nText.\n"},
     "x.md:2: the page would be written to extra/index.html, where the file (content/extra/index.html:1)"),
    ("save-as-header", {"pages/x.md": "Title: X\nSave_as: ../../x.html\n\nText.\n"},
     "x.md:2: `save_as:` is not something a post may set"),
    ("chart-data-error", {"posts/campaigns/x.md": _post("X", body="```chart\ntitle: T\nlabels: [a, b]\n"
                                                                   "values: [1]\n```")},
     "2 labels but 1 values"),
    ("chart-yaml-error", {"posts/campaigns/x.md": _post("X", body="```chart\ntitle: [T\n```")},
     "the chart block is not valid YAML"),
    ("data-file-latin-1", {"data/bad.csv": "label,value\nCaf\u00e9,3\n".encode("latin-1"),
                           "posts/campaigns/x.md": _post("X", body=CHART.format(name="bad.csv"))},
     "bad.csv:2: the data file is not saved as UTF-8"),
    ("data-file-utf-16", {"data/bad.yaml": "t:\n  title: T\n".encode("utf-16"),
                          "posts/campaigns/x.md": _post("X", body=CHART.format(name="bad.yaml#t"))},
     "bad.yaml:1: the data file is saved as UTF-16"),
    ("data-file-billion-laughs", {"data/laughs.yaml": BILLION_LAUGHS,
                                  "posts/campaigns/x.md": _post("X", body=CHART.format(name="laughs.yaml#i"))},
     "content/data/laughs.yaml:1: YAML anchors and aliases (& and *) are not allowed"),
    ("not-a-picture", {"images/notes.txt": "hello"},
     "content/images/notes.txt:1: this file in content/images is not a picture"),
    ("text-renamed-jpg", {"images/fake.jpg": "not a jpeg"},
     "content/images/fake.jpg:1: this file is not a picture that can be read"),
    ("remote-reference-image",
     {"posts/campaigns/x.md": _post("X", body="![A cat][cat]\n\n[cat]: https://other.site/img.png")},
     "x.md:6: the picture https://other.site/img.png is loaded from another site"),
    ("post-in-utf-16", {"posts/campaigns/x.md": _post("X").encode("utf-16")}, "x.md:1: the file is not saved as UTF-8"),
    ("post-too-large", {"posts/campaigns/x.md": _post("X", body="words " * 400_000)},
     "x.md:1: the file is larger than 2 MB"),
    # The build's older bad inputs (tests/site/test_bad_input.py), judged by both here too.
    ("unknown-section", {"posts/campaigns/x.md": _post("X").replace("Campaigns", "Campains")},
     "x.md:3: unknown section 'Campains'"),
    ("empty-section-entry", {"posts/campaigns/x.md": _post("X").replace("Campaigns", "Campaigns, ")},
     "x.md:3: empty section name"),
    ("no-section", {"posts/campaigns/x.md": _post("X").replace("Category: Campaigns\n", "")},
     "x.md:1: this post names no section"),
    ("malformed-date", {"posts/campaigns/x.md": _post("X", date="2021-13-45")},
     "x.md:2: Date '2021-13-45' is not a date"),
    ("broken-internal-link", {"posts/campaigns/x.md": _post("X", body="[a]({filename}/posts/no-such.md)")},
     "x.md:6: the link {filename}/posts/no-such.md points to no file"),
    ("missing-title", {"posts/campaigns/x.md": _post("X").replace("Title: X\n", "")}, "x.md:1: there is no Title"),
    ("unknown-kind", {"posts/campaigns/x.md": _post("X", "Kind: motoin\n")}, "x.md:4: unknown kind 'motoin'"),
    ("event-ends-before-it-starts", {"posts/campaigns/x.md": _post(
        "X", "Kind: event\nStart: 2021-06-01 18:00\nEnd: 2021-06-01 17:00\nLocation: Hall\n")},
     "End 2021-06-01 17:00 is not after Start"),
    ("a-good-post", {"posts/campaigns/x.md": _post("X")}, None),  # the control: both pass
]


def _write(project: Path, files: dict) -> None:
    for rel, data in files.items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


@pytest.mark.parametrize("files, message", [pytest.param(f, m, id=i) for i, f, m in BAD_INPUTS])
def test_check_and_build_agree(tmp_path, files, message):
    project = make_project(tmp_path)
    _write(project, files)
    previous = project / "output"
    previous.mkdir()
    (previous / "index.html").write_text("the last good site")
    started = time.perf_counter()
    verdicts = judge(project)
    assert time.perf_counter() - started < 120, "a bad input held the build"
    assert verdicts.agree, (verdicts.check, verdicts.build_out)
    assert "Traceback" not in verdicts.build_out
    if message is None:
        assert verdicts.check == [] and verdicts.build_code == 0, verdicts.build_out
        return
    assert any(message in p for p in verdicts.check), verdicts.check
    # The build stops with the check's own words, and leaves the previous site as it was.
    for problem in verdicts.check:
        assert problem in verdicts.build_out
    assert (previous / "index.html").read_text() == "the last good site"
    assert not list(tmp_path.rglob("x.pdf")) and not (tmp_path.parent / "x").exists()


@pytest.mark.parametrize("how", ["no-permission", "link-to-nowhere"])
def test_an_unreadable_post_is_a_problem_in_both(tmp_path, how):
    project = make_project(tmp_path)
    path = project / "content/posts/campaigns/x.md"
    if how == "no-permission":
        if os.geteuid() == 0:
            pytest.skip("root reads any file; permissions cannot make it unreadable")
        path.write_text(_post("X"), encoding="utf-8")
        path.chmod(0)
    else:
        path.symlink_to(tmp_path / "gone.md")
    verdicts = judge(project)
    assert verdicts.agree and "Traceback" not in verdicts.build_out
    assert any("x.md:1: the file cannot be read" in p for p in verdicts.check)
