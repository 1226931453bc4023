"""`make check` (campaign.checks.site): every bad input gives its message, file, line and fix; no build."""
import shutil
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from campaign.checks import site as checks
from tests.conftest import ROOT

GOOD = """\
Title: A good post
Date: 2021-07-20 18:00
Category: Campaigns
Kind: post
Summary: One sentence.

Some text.
"""


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with the real settings and an empty content/ (plus one picture)."""
    shutil.copy(ROOT / "pelicanconf.py", tmp_path / "pelicanconf.py")
    for folder in ("posts/campaigns", "pages", "images"):
        (tmp_path / "content" / folder).mkdir(parents=True)
    # A real picture: the check opens every file in content/images.
    Image.new("RGB", (4, 4)).save(tmp_path / "content/images/picket.jpg")
    return tmp_path


def write(project: Path, text: str, rel: str = "posts/campaigns/2021-07-20-x.md") -> str:
    path = project / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return f"content/{rel}"


def problems_of(project: Path) -> list[str]:
    return [str(p) for p in checks.check_site(project)[1]]


def with_header(**fields) -> str:
    """GOOD with fields replaced (value None drops the line) or added after Kind."""
    head, body = GOOD.split("\n\n", 1)
    lines = dict(line.split(": ", 1) for line in head.splitlines())
    for key, value in fields.items():
        if value is None:
            lines.pop(key, None)
        else:
            lines[key] = value
    return "\n".join(f"{k}: {v}" for k, v in lines.items()) + "\n\n" + body


def test_the_real_site_is_clean():
    count, problems = checks.check_site(ROOT)
    assert [str(p) for p in problems] == []
    posts = len(list((ROOT / "content/posts").rglob("*.md"))) + len(list((ROOT / "content/pages").rglob("*.md")))
    assert count == posts


def test_a_good_post_has_no_problems(project):
    write(project, GOOD)
    assert checks.check_site(project) == (1, [])


# (fields changed, line, message, fix); lines count from the header built by with_header.
HEADER_CASES: list[tuple[dict[str, str | None], int, str, str]] = [
    ({"Title": None}, 1, "there is no Title", "add a first line `Title:"),
    ({"Date": None}, 1, "there is no Date", "add a line `Date:"),
    ({"Date": "20/07/2021"}, 2, "Date '20/07/2021' is not a date", "write it as 2021-07-20"),
    ({"Date": "2021-02-30"}, 2, "Date '2021-02-30' is not a date", "24-hour clock"),
    ({"Date": "2021-07-20 25:00"}, 2, "is not a date", "write it as"),
    ({"Category": "Campains"}, 3, "unknown section 'Campains'", "did you mean 'Campaigns'?"),
    ({"Category": None}, 1, "this post names no section", "add a line `Category: Campaigns`"),
    ({"Kind": "evnt"}, 4, "unknown kind 'evnt'", "did you mean 'event'?"),
    ({"Summary": None}, 1, "there is no Summary", "at most 300 characters"),
    ({"Summary": "x" * 301}, 5, "the Summary is 301 characters long; the most is 300", "shorten it by 1 characters"),
    ({"Status": "drfat"}, 6, "unknown Status 'drfat'", "write `Status: draft`"),
    ({"Image": "/images/missing.jpg", "Image_alt": "A picket"}, 6, "the picture /images/missing.jpg is not there",
     "looked for content/images/missing.jpg"),
    ({"Image": "/images/picket.jpg"}, 6, "the picture /images/picket.jpg has no alt text", "add a line `Image_alt:"),
    ({"Image": "images/nothere.jpg", "Image_alt": "A picket"}, 6, "the picture images/nothere.jpg is not there",
     "looked for content/images/nothere.jpg"),
    # Kind rules come from the enrichers (events.py, motions.py, petitions.py).
    ({"Kind": "motion", "Motion_type": "contemporary motion", "Body": "CLP", "Submit_to": "CLP secretary"},
     6, "a contemporary motion needs a Deadline", "add `Deadline:"),
    ({"Kind": "motion", "Motion_type": "rule change", "Body": "CLP", "Deadline": "2021-06-11"},
     4, "this motion has no Submit_to", "add a line `Submit_to:"),
    ({"Kind": "motion", "Motion_type": "motion", "Body": "CLP", "Submit_to": "x", "Deadline": "11/06/2021"},
     9, "Deadline '11/06/2021' is not a date", "2021-03-27"),
    ({"Kind": "event", "Start": "2021-07-20 18:00", "End": "2021-07-20 17:00", "Location": "Online"},
     7, "End 2021-07-20 17:00 is not after Start 2021-07-20 18:00", "make End later than Start"),
    ({"Kind": "event", "Start": "2021-07-20 18:00", "End": "2021-07-20 19:00", "Location": "Online",
      "Timezone": "Europe/Londn"}, 9, "unknown Timezone 'Europe/Londn'; did you mean Europe/London?", "Europe/London"),
    ({"Kind": "event", "Start": "2021-07-20 18:00", "End": "2021-07-20 19:00"},
     4, "this event has no Location", "add a line `Location:"),
    ({"Kind": "event", "End": "2021-07-20 19:00", "Location": "Online"}, 4, "this event has no Start", "Start:"),
    ({"Kind": "petition", "Sign": "www.example.org/sign"}, 6, "Sign 'www.example.org/sign' is not an https:// or mailto:",
     "starting https://"),
    ({"Kind": "petition"}, 4, "this petition has no Sign link", "add a line `Sign: https://"),
    ({"Kind": "leaflet", "Paper": "A3"}, 6, "unknown Paper 'A3'", "write `Paper: A4` or `Paper: A5`"),
]


@pytest.mark.parametrize("fields, line, message, fix", HEADER_CASES,
                         ids=[f"{i}-{next(iter(c[0]))}" for i, c in enumerate(HEADER_CASES)])
def test_header_problems_name_file_line_and_fix(project, fields, line, message, fix):
    rel = write(project, with_header(**fields))
    found = problems_of(project)
    assert len(found) == 1, found
    assert found[0].startswith(f"{rel}:{line}: "), found
    assert message in found[0] and fix in found[0], found
    assert " — " in found[0]


def test_a_social_card_picture_may_be_written_several_ways(project):
    for n, src in enumerate(["/images/picket.jpg", "images/picket.jpg", "{static}/images/picket.jpg"]):
        write(project, with_header(Image=src, Image_alt="A picket", Title=f"Post {n}"), f"posts/campaigns/{n}.md")
    assert problems_of(project) == []


def test_good_kind_fields_pass(project):
    write(project, with_header(Kind="event", Start="2021-07-20 18:00", End="2021-07-20 19:00", Location="Online",
                               Register="mailto:info@example.org", Title="Post a"), "posts/campaigns/a.md")
    write(project, with_header(Kind="motion", Motion_type="motion", Body="branch", Submit_to="Secretary", Title="Post b"),
          "posts/campaigns/b.md")
    write(project, with_header(Kind="petition", Sign="https://forms.example.org/x", Closes="2021-08-01", Title="Post c"),
          "posts/campaigns/c.md")
    write(project, with_header(Kind="leaflet", Paper="A5", Title="Post d"), "posts/campaigns/d.md")
    assert problems_of(project) == []


BODY = """\
Title: Pictures
Date: 2021-06-27
Category: Campaigns
Summary: Pictures.

Intro paragraph.

{line}
"""
BODY_LINE = 8

BODY_CASES = [
    ("![](/images/picket.jpg)", "the picture /images/picket.jpg has no alt text", "describe what it shows"),
    ("![ ]({static}/images/picket.jpg)", "has no alt text", "![Placards outside the town hall]"),
    ("![A picket](/images/pickett.jpg)", ("the picture /images/pickett.jpg is not there "
     "(looked for content/images/pickett.jpg)"), "check the spelling"),
    ("![A picket]({static}/images/nothere.jpg)", "is not there (looked for content/images/nothere.jpg)", "content/images/"),
    ("![A picket](https://example.org/picket.jpg)", "is loaded from another site", "save it into content/images/"),
    ("![A picket](images/picket.jpg)", "the picture address images/picket.jpg is relative", "/images/picket.jpg"),
    ('<img src="/images/picket.jpg">', "the picture /images/picket.jpg has no alt text", "describe"),
    ('<img alt="" src="/images/picket.jpg">', "has no alt text", "describe"),
    ('<IMG ALT="A picket" SRC="/images/gone.png">', "the picture /images/gone.png is not there", "check the spelling"),
    ("[the launch]({filename}/posts/events/launch.md)", ("the link {filename}/posts/events/launch.md points to no file "
     "(looked for content/posts/events/launch.md)"), "write the path from content/"),
    ("[a sibling]({filename}sibling.md)", "points to no file (looked for content/posts/campaigns/sibling.md)",
     "check the spelling"),
    ("[see]({filename}/pages/about.md#aims)", "the link {filename}/pages/about.md#aims points to no file", "spelling"),
    ("REPLACE THIS with the text.", "text from the template is still here ('REPLACE THIS')", "keep the line `Status: draft`"),
]


@pytest.mark.parametrize("line_text, message, fix", BODY_CASES)
def test_body_problems_point_at_their_line(project, line_text, message, fix):
    rel = write(project, BODY.format(line=line_text))
    found = problems_of(project)
    assert len(found) == 1, found
    assert found[0].startswith(f"{rel}:{BODY_LINE}: "), found
    assert message in found[0] and fix in found[0], found


@pytest.mark.parametrize("line_text", [
    "![A picket](/images/picket.jpg)",
    "![A picket]({static}/images/picket.jpg)",
    '![A picket](/images/picket.jpg "At the picket")',
    '<img src="/images/picket.jpg" alt="A picket">',
    "[About]({filename}/pages/about.md)",
    "[A sibling]({filename}sibling.md)",
    "[A sibling]({filename}./sibling.md#top)",
    "Code shows `![](/images/none.jpg)` as it is.",
    "```\n![](/images/none.jpg)\n[x]({filename}/nothing.md)\n```",
    "~~~~ markdown\n![](/images/none.jpg)\n~~~~",
])
def test_good_pictures_and_links_and_code_pass(project, line_text):
    write(project, "Title: About\n\nText.\n", "pages/about.md")
    write(project, GOOD, "posts/campaigns/sibling.md")
    write(project, BODY.format(line=line_text))
    assert problems_of(project) == []


@pytest.mark.parametrize("summary, broken", [
    ("See [the plan]({filename}/posts/campaigns/no-such.md).", True),
    ("See [a sibling]({filename}nowhere.md#top).", True),
    ("See [the plan]({filename}/posts/campaigns/sibling.md).", False),
])
def test_a_summary_link_to_no_file_is_a_problem_at_the_summary_line(project, summary, broken):
    # The Summary is Markdown shown on every listing and in the feeds: a {filename} link there that
    # resolves to nothing would be published with its marker as its address.
    write(project, GOOD, "posts/campaigns/sibling.md")
    rel = write(project, GOOD.replace("Summary: One sentence.", f"Summary: {summary}").replace("A good post", "Linker"),
                "posts/campaigns/linker.md")
    found = problems_of(project)
    if not broken:
        assert found == []
        return
    assert len(found) == 1 and found[0].startswith(f"{rel}:5: the link {{filename}}"), found
    assert "points to no file" in found[0] and "check the spelling" in found[0]

def test_line_numbers_count_past_code_blocks(project):
    rel = write(project, BODY.format(line="```yaml\nkind: bar\n![](x.png)\n```\n\nText\n\n![](/images/picket.jpg)"))
    assert [p.split(": ", 1)[0] for p in problems_of(project)] == [f"{rel}:{BODY_LINE + 7}"]


def test_link_from_a_published_post_to_a_draft_is_a_problem(project):
    write(project, with_header(Status="draft"), "posts/campaigns/draft.md")
    write(project, with_header(Date="2099-01-01"), "posts/campaigns/embargoed.md")
    rel = write(project, BODY.format(line="[x]({filename}draft.md) and [y]({filename}embargoed.md)"))
    found = problems_of(project)
    assert len(found) == 2 and all(p.startswith(f"{rel}:{BODY_LINE}: ") for p in found), found
    assert all("points to a post that is not published" in p for p in found)
    # A draft may link to another draft.
    write(project, BODY.format(line="[x]({filename}draft.md)").replace("Summary:", "Status: draft\nSummary:"))
    assert problems_of(project) == []


def test_placeholders_are_allowed_in_drafts_only(project):
    rel = write(project, with_header(Status="draft", Summary="REPLACE THIS with a summary."))
    assert problems_of(project) == []
    write(project, with_header(Status="hidden", Summary="REPLACE THIS with a summary."))
    assert [p.split(" — ")[0] for p in problems_of(project)] == [
        f"{rel}:5: text from the template is still here ('REPLACE THIS')"]


def test_pages_need_a_title_only(project):
    rel = write(project, "Slug: about\n\nText.\n", "pages/about.md")
    write(project, "Title: Contact\n\nText.\n", "pages/contact.md")
    found = problems_of(project)
    assert len(found) == 1 and found[0].startswith(f"{rel}:1: there is no Title"), found


def test_every_problem_in_every_file_is_reported_at_once(project):
    write(project, with_header(Title=None, Category="Nowhere"), "posts/campaigns/a.md")
    write(project, with_header(Date="soon"), "posts/campaigns/b.md")
    write(project, BODY.format(line="![](/images/none.jpg)"), "posts/campaigns/c.md")
    count, problems = checks.check_site(project)
    assert count == 3
    assert [(p.path.rsplit("/", 1)[1], p.line) for p in problems] == [
        ("a.md", 1), ("a.md", 2), ("b.md", 2), ("c.md", BODY_LINE), ("c.md", BODY_LINE)]


def test_windows_files_are_read_like_any_other(project):
    """Notepad saves a byte-order mark and CRLF line ends; Pelican reads such files, so must the check."""
    text = "\ufeff" + BODY.format(line="```\n![](/images/none.jpg)\n```\n\n![](/images/picket.jpg)")
    rel = write(project, text.replace("\n", "\r\n"))
    assert [p.split(": ", 1)[0] for p in problems_of(project)] == [f"{rel}:{BODY_LINE + 4}"]


def test_a_file_not_in_utf8_is_named_with_its_line(project):
    path = project / "content/posts/campaigns/latin1.md"
    path.write_bytes(GOOD.replace("Some text.", "Caf\u00e9 culture.").encode("latin-1"))
    assert problems_of(project) == [("content/posts/campaigns/latin1.md:7: the file is not saved as UTF-8 "
                                    "(a character here cannot be read) — in your editor, save it again with the "
                                    "encoding UTF-8")]


def test_main_prints_every_problem_then_a_summary(project, capsys):
    write(project, with_header(Date="soon"), "posts/campaigns/a.md")
    write(project, with_header(Kind="petition"), "posts/campaigns/b.md")
    assert checks.main(project) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("content/posts/campaigns/a.md:2: Date 'soon' is not a date — write it as")
    assert lines[1].startswith("content/posts/campaigns/b.md:4: this petition has no Sign link — ")
    assert lines[2] == ("Checked 2 posts and pages: 2 problems in 2 files. "
                        "Fix each one at the line shown, then run `make check` again.")
    assert len(lines) == 3


def test_main_on_a_clean_site_prints_one_line(project, capsys):
    write(project, GOOD)
    assert checks.main(project) == 0
    assert capsys.readouterr().out == "Checked 1 posts and pages: no problems.\n"


def test_a_bad_settings_file_is_one_problem(project):
    conf = project / "pelicanconf.py"
    conf.write_text(conf.read_text() + "\nSECTIONS = []\n")
    count, problems = checks.check_site(project)
    assert count == 0
    # At the line of pelicanconf.py (in the folder the command runs in) that sets it, not line 1.
    line = next(n for n, text in enumerate(conf.read_text().splitlines(), start=1) if text.startswith("SECTIONS"))
    assert [str(p).split(" — ")[0] for p in problems] == [f"pelicanconf.py:{line}: SECTIONS must be a non-empty list, not []"]


def test_a_content_folder_that_is_a_symlink_keeps_its_links(project, tmp_path_factory):
    # Links are resolved to real paths; content/ must be too, or every {filename} link is "to no file".
    real = tmp_path_factory.mktemp("elsewhere") / "content"
    shutil.move(project / "content", real)
    (project / "content").symlink_to(real, target_is_directory=True)
    write(project, GOOD)
    write(project, GOOD.replace("Some text.", "See [the other post]({filename}/posts/campaigns/2021-07-20-x.md).")
          .replace("A good post", "Another post"), "posts/campaigns/2021-07-21-y.md")
    assert checks.check_site(project) == (2, [])
    write(project, GOOD.replace("Some text.", "See [a lost post]({filename}/posts/campaigns/nowhere.md).")
          .replace("A good post", "A third post"), "posts/campaigns/2021-07-22-z.md")
    count, problems = checks.check_site(project)
    assert count == 3 and [p.line for p in problems] == [7] and "points to no file" in str(problems[0])
