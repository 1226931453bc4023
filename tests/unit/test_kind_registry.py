"""The kinds registry (content/kinds.py) is the one table the rest reads: names, parsers, print, scaffolds."""
from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from campaign.content import kinds
from campaign.content.header import parse_header
from campaign.content.petitions import PetitionInfo
from campaign.content.vocabulary import DEFAULTS, load_vocabulary
from campaign.editor.config import kind_fields
from campaign.outputs.pdf import TEMPLATES
from campaign.settings import CampaignSettings
from campaign.tools.scaffold import TEMPLATES as SCAFFOLDS
from tests.conftest import ROOT

PLUGIN = ROOT / "plugins" / "campaign"


def context(today: str = "2021-07-01") -> CampaignSettings:
    return CampaignSettings(sections=(), today=date.fromisoformat(today), preview=False, domain="example.org",
                            prodid="-//x//EN", content_dir=Path("content"), theme_dir=ROOT / "theme",
                            section_feed=None, vocabulary=load_vocabulary(None))


def test_the_words_name_the_same_kinds_in_the_same_order():
    assert list(DEFAULTS) == list(kinds.KINDS)


@pytest.mark.parametrize("name", list(kinds.KINDS))
def test_every_kind_has_its_scaffold_and_every_printable_kind_its_pdf_template(name):
    kind = kinds.KINDS[name]
    assert (SCAFFOLDS / kind.scaffold).is_file()
    if kind.printable:
        assert kind.printable.template in TEMPLATES
        assert (ROOT / "theme" / "pdf" / f"{kind.printable.template}.html").is_file()


def test_a_kind_printed_on_the_posts_paper_gets_the_paper_field_in_the_editor():
    for name, kind in kinds.KINDS.items():
        has_paper = any(f["name"] == "paper" for f in kind_fields(name))
        assert has_paper == bool(kind.printable and kind.printable.paper is None), name


def test_parse_is_pure_and_returns_the_value_or_the_problems():
    good = parse_header("Title: T\nKind: petition\nSign: https://forms.example.org/x\nCloses: 2021-06-30\n\nx\n")
    parsed = kinds.parse(good, context(), "a.md", "t")
    assert (parsed.kind.name, parsed.problems) == ("petition", [])
    assert isinstance(parsed.value, PetitionInfo)
    assert parsed.value.is_closed and parsed.value.sign_url == "https://forms.example.org/x"
    bad = parse_header("Title: T\nKind: event\nStart: 2021-07-20 17:30\n\nx\n")
    parsed = kinds.parse(bad, context(), "b.md", "t")
    assert parsed.value is None
    assert [str(p) for p in parsed.problems] == [
        "b.md:2: this event has no End — add a line `End: 2021-03-27 17:00`",
        ("b.md:2: this event has no Location — add a line "
         "`Location: Online (or the place: Community Centre, 1 High Street)`")]


def test_an_unknown_kind_names_the_registry_and_falls_back_to_post():
    parsed = kinds.parse(parse_header("Title: T\nKind: motoin\n\nx\n"), context(), "c.md", "t")
    assert parsed.kind.name == "post"
    assert [str(p) for p in parsed.problems] == [
        "c.md:2: unknown kind 'motoin' — did you mean 'motion'? known kinds: " + ", ".join(kinds.KINDS)]


def test_no_other_module_names_the_printable_or_parsed_kinds_in_a_table():
    # The tables that used to live elsewhere: a tuple of kind names, or a dict keyed by them.
    names = set(kinds.KINDS)
    offenders = []
    for path in PLUGIN.rglob("*.py"):
        if path.name in ("kinds.py", "vocabulary.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) > 1:
                words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if len(words & names) > 1 and words <= names:
                    offenders.append(f"{path.relative_to(PLUGIN)}:{node.lineno}")
    assert not offenders, offenders
