"""Charts: parsing ```chart blocks, their errors, and what the drawn SVG shows a reader."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from campaign.charts.spec import KINDS, ChartSpec, parse_chart_block, render_chart
from campaign.errors import CampaignError

ROOT = Path(__file__).resolve().parents[2]
POST = "content/posts/campaigns/2021-04-05-x.md"
FENCE = 10  # the opening ```chart fence is on line 10, so the block's first line is line 11

BAR = """\
kind: bar
title: Under investigation
unit: "%"
labels: [Yes, No, Did not answer, Not asked, Other]
values: [40, 30, 15, 10, 5]
note: 30 respondents
total: 100
"""


def parse(text: str, data_dir: Path = ROOT / "tests" / "roots" / "kinds" / "data") -> ChartSpec:
    return parse_chart_block(text, path=POST, line=FENCE, data_dir=data_dir)


def draw(text: str, chart_id: str = "chart-1", **kw) -> BeautifulSoup:
    return BeautifulSoup(render_chart(parse(text, **kw), chart_id=chart_id), "html.parser")


def block(**keys: str | None) -> str:
    """A bar block with some keys replaced (value None drops the key)."""
    lines: dict[str, str | None] = {}
    for line in BAR.splitlines():
        key, value = line.split(": ", 1)
        lines[key] = value
    lines.update(keys)
    return "\n".join(f"{k}: {v}" for k, v in lines.items() if v is not None) + "\n"


# --- what a reader sees -------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["bar", "column"])
def test_one_bar_per_value_with_its_label_and_value(kind):
    soup = draw(block(kind=kind))
    assert len(soup.select("svg rect.chart__bar")) == 5
    labels = [" ".join(t.stripped_strings) for t in soup.select("svg text.chart__label")]
    assert labels == ["Yes", "No", "Did not answer", "Not asked", "Other"]
    assert [t.get_text() for t in soup.select("svg text.chart__value")] == ["40%", "30%", "15%", "10%", "5%"]


@pytest.mark.parametrize("kind", ["pie", "donut"])
def test_pie_has_a_slice_per_nonzero_value_and_a_legend_row_per_label(kind):
    soup = draw(block(kind=kind, values="[70, 30, 0, 0, 0]", total=None))
    assert len(soup.select("svg path.chart__slice")) == 2
    assert len(soup.select("svg text.chart__label")) == 5
    assert "70%" in [t.get_text() for t in soup.select("svg text.chart__value")]


def test_pie_of_one_whole_slice_is_a_full_circle():
    soup = draw(block(kind="pie", values="[100, 0, 0, 0, 0]"))
    (path,) = soup.select("svg path.chart__slice")
    assert path["d"].count("A") == 2  # two half arcs; a single arc cannot close on itself


def test_stacked_bars_name_each_series_and_write_each_value():
    soup = draw("""\
kind: stacked
title: Investigations by position
labels: [Chair, Member]
series:
  - {name: Investigated, values: [4, 7]}
  - {name: Not investigated, values: [1, 7]}
""")
    assert len(soup.select("svg rect.chart__seg")) == 4
    texts = [t.get_text() for t in soup.select("svg text")]
    assert {"Investigated", "Not investigated", "Chair", "Member"} <= set(texts)
    assert sorted(t.get_text() for t in soup.select("svg text.chart__value")) == ["1", "4", "7", "7"]
    assert [th.get_text() for th in soup.select("thead th")] == ["Category", "Investigated", "Not investigated"]


def test_accessible_name_and_description_come_from_title_and_desc():
    soup = draw(BAR, chart_id="chart-7")
    svg = soup.svg
    assert svg["role"] == "img"
    ids = svg["aria-labelledby"].split()
    assert ids == ["chart-7-title", "chart-7-desc"]
    assert svg.find("title", id=ids[0]).get_text() == "Under investigation"
    desc = svg.find("desc", id=ids[1]).get_text()
    assert "Yes: 40%" in desc and "Other: 5%" in desc and "30 respondents" in desc


def test_written_description_replaces_the_generated_one():
    soup = draw(block(description="Most said yes."))
    assert soup.svg.desc.get_text() == "Most said yes."


def test_figure_has_caption_with_title_and_note_and_a_table_of_the_numbers():
    soup = draw(BAR)
    figure = soup.figure
    assert figure["class"] == ["chart", "chart--bar"] and figure["id"] == "chart-1"
    assert figure.figcaption.get_text(" ", strip=True) == "Under investigation 30 respondents"
    details = figure.select_one("details.chart__data")
    assert details.summary.get_text() == "Show the numbers"
    assert details.table.caption.get_text() == "Under investigation (30 respondents)"
    assert [th["scope"] for th in details.select("thead th")] == ["col", "col"]
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in details.select("tbody tr")]
    assert rows[0] == ["Yes", "40%"] and len(rows) == 5
    assert all(tr.th["scope"] == "row" for tr in details.select("tbody tr"))


def test_no_inline_style_script_or_external_reference():
    html = render_chart(parse(block(kind="donut")), chart_id="c")
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.select("[style], script, style, image, use, a, foreignObject")
    assert "href" not in html and "url(" not in html and "http" not in html


def test_text_is_escaped():
    soup = draw(block(title='"<b>Tom & Jerry</b>"', labels='["<i>", "&", c, d, e]'))
    assert soup.svg.title.get_text() == "<b>Tom & Jerry</b>"
    assert not soup.select("b, i")
    assert soup.select("svg text.chart__label")[1].get_text() == "&"


def test_yes_and_no_stay_words_not_booleans():
    assert parse(BAR).labels[:2] == ("Yes", "No")


def test_output_is_deterministic_and_small_with_rounded_coordinates():
    first = render_chart(parse(BAR), chart_id="chart-1")
    assert first == render_chart(parse(BAR), chart_id="chart-1")
    svg = first[first.index("<svg"):first.index("</svg>") + 6]
    assert len(svg.encode()) < 3000
    numbers = re.findall(r' (?:x|y|width|height|dy)="([^"]+)"', svg[svg.index(">"):])  # after <svg width="100%">
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


def test_markdown_passes_the_figure_through_untouched():
    html = render_chart(parse(BAR), chart_id="chart-1")
    assert html.startswith("<figure") and "\n\n" not in html
    out = markdown.markdown(f"Before.\n\n{html}\n\nAfter.")
    assert html in out


# --- data files ---------------------------------------------------------------------------

def test_data_from_a_yaml_file_key(tmp_path):
    (tmp_path / "survey.yaml").write_text(
        "attendance:\n  kind: column\n  title: Attendance\n  unit: '%'\n"
        "  labels: [Monthly, Quarterly]\n  values: [83, 17]\n")
    spec = parse("data: survey.yaml#attendance\nnote: 30 respondents\n", data_dir=tmp_path)
    assert (spec.kind, spec.title, spec.labels, spec.values) == ("column", "Attendance", ("Monthly", "Quarterly"), (83, 17))
    assert spec.note == "30 respondents"


def test_keys_in_the_block_win_over_the_data_file(tmp_path):
    (tmp_path / "s.yaml").write_text("a:\n  title: Old\n  labels: [x]\n  values: [1]\n")
    assert parse("data: s.yaml#a\ntitle: New\n", data_dir=tmp_path).title == "New"


def test_data_from_a_csv_file(tmp_path):
    (tmp_path / "regions.csv").write_text('label,value\nSouth East,10\n"Yorkshire, Humber",1\n')
    spec = parse("kind: bar\ntitle: Regions\ndata: regions.csv\n", data_dir=tmp_path)
    assert spec.labels == ("South East", "Yorkshire, Humber") and spec.values == (10, 1)


@pytest.mark.parametrize("data_dir", [ROOT / "tests" / "roots" / "kinds" / "data", ROOT / "content" / "data"],
                         ids=["kinds-root", "content"])
def test_every_chart_of_every_data_file_parses(data_dir):
    """The kinds root's data, and (site-wide) whatever content/data holds, which may be nothing."""
    files = sorted(data_dir.glob("*.yaml")) if data_dir.is_dir() else []
    for file in files:
        keys = re.findall(r"^([a-z0-9-]+):$", file.read_text(encoding="utf-8"), flags=re.M)
        assert keys, f"{file}: no chart in it"
        for key in keys:
            assert parse(f"data: {file.name}#{key}\n", data_dir=data_dir).title
    if data_dir.parent.name == "kinds":
        assert len(files) == 1


# --- errors: each names the file, the line and the fix -----------------------------------

BAD = [
    # (block, line, words in the message, words in the fix)
    (block(values="[40, 30, lots, 10, 5]"), 15, "value 'lots' for 'Did not answer' is not a number",
     "write a number like 37"),
    (block(values="[40, 30]"), 15, "5 labels but 2 values", "one value for each label"),
    (block(values="[40, 30, 15, 10, 2]"), 15, "values sum to 97, but total: 100",
     "correct the values or remove `total:`"),
    (block(kind="bars"), 11, "unknown chart kind 'bars' (did you mean 'bar'?)",
     "use one of: " + ", ".join(KINDS)),
    (block(title=None), FENCE, "the chart has no title", "add a line like `title:"),
    (block(lables="[a]"), 18, "unknown key 'lables' (did you mean 'labels'?)", "use only:"),
    (block(values="[40, 30, -1, 10, 5]"), 15, "below zero", "write 0 or more"),
    ("kind: bar\ntitle: x\nlabels: [a, b\nvalues: [1, 2]\n", 14, "starts on line 13", "put text that"),
    ("kind: bar\ntitle: x\nlabels: [a, b]\nvalues:\n  - 1\n  - lots\n", 16, "value 'lots' for 'b'", "number like 37"),
    ("", FENCE, "the chart block is empty", "add at least"),
    ("title: a\ntitle: b\n", 12, "'title' is given twice", "keep only one"),
    ("kind: pie\ntitle: x\nlabels: [a, b]\nvalues: [0, 0]\n", 14, "every value is 0", "kind: bar"),
    ("kind: stacked\ntitle: x\nlabels: [a]\nvalues: [1]\n", 14, "takes `series:`, not `values:`", "series:"),
    (("kind: stacked\ntitle: x\nlabels: [a, b]\ntotal: 10\nseries:\n  - {name: s, values: [5, 3]}\n"
     "  - {name: t, values: [5, 5]}\n"), 15, "values for 'b' sum to 8, but total: 10", "remove `total:`"),
]


@pytest.mark.parametrize(("text", "line", "message", "fix"), BAD)
def test_bad_block_names_file_line_and_fix(text, line, message, fix):
    with pytest.raises(CampaignError) as caught:
        parse(text)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (POST, line), str(problem)
    assert message in problem.message
    assert fix in problem.fix


def test_total_check_allows_the_tolerance_and_says_how_to_change_it():
    assert parse(block(values="[40, 30, 15, 10, 4.5]")).total == 100  # 99.5, within the default 1
    with pytest.raises(CampaignError) as caught:
        parse(block(values="[40, 30, 15, 10, 4.5]", tolerance="0"))
    assert "`tolerance:`" in caught.value.problems[0].fix


def test_missing_data_file_names_the_path_searched(tmp_path):
    with pytest.raises(CampaignError) as caught:
        parse("title: x\ndata: nowhere.yaml#a\n", data_dir=tmp_path)
    (problem,) = caught.value.problems
    assert problem.line == 12
    assert str(tmp_path / "nowhere.yaml") in problem.message
    assert "correct the name after `data:`" in problem.fix


def test_missing_key_in_data_file_suggests_the_nearest(tmp_path):
    (tmp_path / "s.yaml").write_text("attendance:\n  title: A\n  labels: [x]\n  values: [1]\n")
    with pytest.raises(CampaignError) as caught:
        parse("data: s.yaml#attendence\n", data_dir=tmp_path)
    assert "did you mean 'attendance'?" in str(caught.value)


def test_bad_value_in_data_file_points_into_the_data_file(tmp_path):
    (tmp_path / "s.yaml").write_text("a:\n  title: A\n  labels: [x, y]\n  values: [1, lots]\n")
    with pytest.raises(CampaignError) as caught:
        parse("data: s.yaml#a\n", data_dir=tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (str(tmp_path / "s.yaml"), 4)
    assert "value 'lots' for 'y' is not a number" in problem.message


def test_bad_value_in_csv_points_at_its_line(tmp_path):
    (tmp_path / "r.csv").write_text("label,value\na,1\nb,many\n")
    with pytest.raises(CampaignError) as caught:
        parse("title: x\ndata: r.csv\n", data_dir=tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (str(tmp_path / "r.csv"), 3)
    assert "write a number like 37" in problem.fix


# --- theme colours -----------------------------------------------------------------------

def _contrast(hex_colour: str) -> float:
    def channel(byte: int) -> float:
        c = byte / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def test_fallback_chart_colours_contrast_with_white():
    css = (ROOT / "theme" / "css" / "40-charts.css").read_text()
    colours = dict(re.findall(r"var\(--chart-(\d), (#[0-9a-f]{6})\)", css))
    assert sorted(colours) == [str(n) for n in range(1, 9)]
    assert all(_contrast(c) >= 3 for c in colours.values()), colours
    assert "var(--chart-text, #1a1a1a)" in css
