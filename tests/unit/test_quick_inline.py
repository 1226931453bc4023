"""The inline pass that skips patterns on texts holding none of their literals (markdown/inline.py)
and the block parser that skips searching blocks holding none of a processor's literals
(markdown/block_skips.py) make the HTML the library makes, on any Markdown, with the site's extensions."""
from __future__ import annotations

import re

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown import Markdown

import pelicanconf
from campaign.markdown import block_skips
from campaign.markdown.inline import NEEDS, QuickInlineProcessor, install, needs
from campaign.markdown.reader import reader_for

# Every character an inline pattern looks for, and the shapes around them (html, entities,
# links, footnotes, emphasis, code, line breaks), in short runs so they meet each other.
PIECES = ["a", "b ", " ", "  \n", "\n", "\n\n", "*", "**", "_", "__", "`", "``", "\\", "\\\\", "[", "]", "(", ")",
          "![", "[^1]", "[^1]: note", "[x]: /u", "<", ">", "</", "<b>", "</b>", "<!-- c -->", "<?p?>",
          "<![CDATA[x]]>", "&", "&amp;", "&#38;", "&#x26;", ";", "@", "a@b.c", "<a@b.c>", "<https://e.org/p>",
          "://", "{: .c}", "# ", "- ", "1. ", "> ", "    ", "|", "---", "~~~", '"', "'", "é", "x",
          # block level: headers, rules, quotes, definitions, references, abbreviations, footnotes
          "#", "##", "\n=", "\n===", "\n-", "\n---", "\n***", "\n_ _ _", ">", ":", "\n: ", ":   d", "]:", "[x]:",
          "*[", "*[HTML]: Hyper Text", "[^n]:", '\n\n[r]: /v "t"', "\t", "\n    code", "a | b\n--|--\n1 | 2"]
MARKDOWN_TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def _site_markdown() -> Markdown:
    """A Markdown made as the build's reader makes it (the site's MARKDOWN, Pelican's completion)."""
    reader = reader_for({**vars(pelicanconf), "PATH": "content"})
    return Markdown(**reader.settings["MARKDOWN"])


def test_the_library_is_the_one_the_literals_were_worked_out_for():
    # NEEDS is read off this version's expressions; another version's are tried as the library would.
    assert markdown.__version__ == "3.11.3"


def test_every_searching_block_processor_of_the_sites_markdown_is_guarded():
    md = _site_markdown()
    guarded = {type(p) for p in md.parser.blockprocessors if block_skips.literals(p) is not None}
    assert guarded == set(block_skips.GUARDS)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(block_skips.GUARDS, key=str)),
       st.text(alphabet=st.sampled_from(list("ab #>:=-_*[]^\n\t\\'\"()/.")), max_size=40))
def test_a_block_without_a_processors_literals_has_no_match(kind, block):
    # The invariant the guard rests on, for each processor's expression, as the processor compiled it.
    attribute, _expression, needed = block_skips.GUARDS[kind]
    if not any(literal in block for literal in needed):
        assert getattr(kind, attribute).search(block) is None


def test_every_pattern_of_the_sites_markdown_is_skipped_where_it_cannot_match():
    md = _site_markdown()
    untested = [name for name in (item.name for item in md.inlinePatterns._priority)
                if needs(md.inlinePatterns[name]) is None]
    assert untested == []


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(NEEDS)), st.text(alphabet=st.sampled_from(list("ab <>&;#x@:/![]^\\`\n*_-?")), max_size=30))
def test_a_text_without_a_patterns_literals_has_no_match(expression, text):
    # The invariant the skip rests on, for each expression: no match in a text lacking every literal.
    if not any(literal in text for literal in NEEDS[expression]):
        assert re.compile(expression, re.DOTALL | re.UNICODE).search(text) is None


@settings(max_examples=600, deadline=None)
@given(MARKDOWN_TEXT, MARKDOWN_TEXT)
def test_the_html_is_the_librarys(first, second):
    library, quick = _site_markdown(), _site_markdown()
    install(quick)
    block_skips.install(quick)
    assert isinstance(quick.treeprocessors["inline"], QuickInlineProcessor)
    for text in (first, second):  # the second after reset(), as the reader reuses one Markdown
        assert quick.reset().convert(text) == library.reset().convert(text)


def test_a_pattern_it_does_not_know_is_tried_on_every_text():
    from markdown.inlinepatterns import SimpleTagInlineProcessor

    md = _site_markdown()
    md.inlinePatterns.register(SimpleTagInlineProcessor(r"()\+\+(.+?)\+\+", "ins"), "ins", 65)
    install(md)
    assert needs(md.inlinePatterns["ins"]) is None
    assert md.convert("some ++inserted++ text") == "<p>some <ins>inserted</ins> text</p>"


def test_the_block_guards_install_once():
    md = _site_markdown()
    block_skips.install(md)
    tests = [p.test for p in md.parser.blockprocessors]
    block_skips.install(md)
    assert [p.test for p in md.parser.blockprocessors] == tests
    assert sum(hasattr(test, "guards") for test in tests) == len(block_skips.GUARDS)


def test_a_pattern_searching_with_another_expression_is_tried_on_every_text():
    from markdown.inlinepatterns import NOIMG, LinkInlineProcessor

    class Other(LinkInlineProcessor):
        def getCompiledRegExp(self):
            return re.compile(r"\(")

    assert needs(LinkInlineProcessor(NOIMG + r"\[")) == ("[",)
    assert needs(Other(NOIMG + r"\[")) is None


def test_install_keeps_the_priority_and_is_idempotent():
    md = _site_markdown()
    before = sorted((item.name, item.priority) for item in md.treeprocessors._priority)
    install(md)
    processor = md.treeprocessors["inline"]
    install(md)
    assert md.treeprocessors["inline"] is processor
    assert sorted((item.name, item.priority) for item in md.treeprocessors._priority) == before
