"""The member survey report: every chart drawn at build time, with caption, accessible name and table."""
import pytest

from tests.conftest import run_build

REPORT = "2021/04/the-labour-witch-hunt-what-our-members-survey-found/"


@pytest.fixture(scope="module")
def figures(site):
    return site.soup(REPORT).select("figure.chart")


def test_report_has_every_survey_figure(figures):
    assert len(figures) >= 17


def test_each_chart_has_caption_accessible_name_and_table(site, figures):
    page = site.soup(REPORT)
    for figure in figures:
        caption = figure.select_one("figcaption").get_text(" ", strip=True)
        svg = figure.select_one("svg[role=img]")
        ids = svg["aria-labelledby"].split()
        names = [page.find(id=i) for i in ids]
        assert all(names), f"{caption}: aria-labelledby points nowhere"
        assert names[0].get_text(strip=True), f"{caption}: empty accessible name"
        rows = figure.select("details table tbody tr")
        assert rows, f"{caption}: no data table"
        # Long labels wrap over several <text> lines, so compare word by word.
        drawn = " ".join(t.get_text(" ", strip=True) for t in svg.select("text")).split()
        for row in rows:
            label = row.select_one("th").get_text(" ", strip=True).split()
            assert all(word in drawn for word in label), f"{caption}: row label {label} not drawn"


def test_survey_numbers_match_the_seed(site):
    page = site.soup(REPORT)
    text = " ".join(t.get_text(strip=True) for t in page.select("figure.chart svg text"))
    for value in ("63%", "83%", "79%"):  # under investigation, monthly attendance, suspended
        assert value in text


def test_charts_need_no_script_and_no_external_reference(site):
    page = site.soup(REPORT)
    for svg in page.select("figure.chart svg"):
        assert not svg.find("script") and "http" not in str(svg).replace("http://www.w3.org/2000/svg", "")


def test_bad_chart_value_fails_build_with_file_line_and_fix(content_copy, tmp_path):
    post = content_copy / "posts" / "campaigns" / "2021-05-02-chart.md"
    post.write_text("Title: Chart test\nDate: 2021-05-02\nCategory: Campaigns\nSummary: x\n\nText.\n\n"
                    "```chart\nkind: bar\ntitle: Test\nlabels: [Yes, No]\nvalues: [63, lots]\n```\n")
    result = run_build(content_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "2021-05-02-chart.md:12" in result.stderr
    assert "not a number" in result.stderr
    assert not (tmp_path / "out").exists()
