"""A report's charts: every chart drawn at build time, with caption, accessible name and table
(the kinds root's repairs survey, its figures in tests/roots/kinds/data/)."""
import pytest
import yaml

from tests.conftest import ROOTS

REPORT = "2021/04/what-our-repairs-survey-found/"
DATA = yaml.safe_load((ROOTS / "kinds" / "data" / "repairs-2021.yaml").read_text(encoding="utf-8"))
# Two charts from the data file and one written in the post itself.
CHARTS = 3


@pytest.fixture(scope="module")
def figures(kinds):
    return kinds.soup(REPORT).select("figure.chart")


def test_report_has_every_chart(figures):
    assert len(figures) == CHARTS
    captions = [f.select_one("figcaption").get_text(" ", strip=True) for f in figures]
    for title in (DATA["waiting"]["title"], DATA["damp"]["title"], "Lifts out of order on the survey day"):
        assert any(title in caption for caption in captions), (title, captions)


def test_each_chart_has_caption_accessible_name_and_table(kinds, figures):
    page = kinds.soup(REPORT)
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


@pytest.mark.parametrize("key", ["waiting", "damp"])
def test_chart_numbers_are_the_data_files(figures, key):
    figure = next(f for f in figures if DATA[key]["title"] in f.select_one("figcaption").get_text(" ", strip=True))
    drawn = " ".join(t.get_text(strip=True) for t in figure.select("svg text"))
    for value in DATA[key]["values"]:
        assert f"{value}%" in drawn, (value, drawn)
    table = [[c.get_text(" ", strip=True) for c in row.select("th, td")] for row in figure.select("details tbody tr")]
    assert [row[0] for row in table] == DATA[key]["labels"]


def test_charts_need_no_script_and_no_external_reference(kinds):
    page = kinds.soup(REPORT)
    for svg in page.select("figure.chart svg"):
        assert not svg.find("script") and "http" not in str(svg).replace("http://www.w3.org/2000/svg", "")


# A chart value that is not a number: tests/site/test_bad_input.py (the mistakes root).
