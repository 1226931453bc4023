"""The allow-list keeps what our Markdown makes and reports everything it removes."""
from __future__ import annotations

import pytest
from markdown import Markdown

from campaign.markdown.blocks import BlocksExtension
from campaign.markdown.sanitise import Html, made_safe, sanitise

MARKDOWN = ["extra", "meta", "toc", "sane_lists"]
ALLOWED = """\
Title: Allowed

## A heading {: #custom .note }

Text in HTML with *emphasis*, **strong**, `code <b>`, a [link](https://example.org/ "title"),
a [local link](/about/), [mail](mailto:a@example.org) and an ![image](/images/a.png).

1. one
2. two

| Left | Centre | Right |
|:-----|:------:|------:|
| 1    | 2      | 3     |

Term
:   Definition

*[HTML]: Hyper Text Markup Language

A footnote.[^1]

[^1]: The note.

<details><summary>More</summary>Hidden.</details>

<figure><img src="/images/a.png" alt="A" width="10" height="10"><figcaption>Caption</figcaption></figure>
"""


def _render(text: str, found: list) -> tuple[str, dict]:
    blocks = BlocksExtension("post.md", __import__("pathlib").Path("."), found)
    md = Markdown(extensions=[*MARKDOWN, blocks], output_format="html5")
    html = md.convert(text)
    return made_safe(html, {"title": md.Meta["title"][0]}, text, "post.md", blocks, found)


def test_what_markdown_makes_passes_untouched():
    found: list = []
    html, _ = _render(ALLOWED, found)
    assert found == []
    for kept in ('<h2 class="note" id="custom">', '<td class="align-right">', "<dl>", "<abbr", 'class="footnote"',
                 "<details>", "<figcaption>", 'href="mailto:a@example.org"', '<img alt="image" src="/images/a.png">'):
        assert kept in html


@pytest.mark.parametrize("snippet, message", [
    ("<script>x()</script>", "<script> removed"),
    ('<a href="JaVaScRiPt:x()">a</a>', "javascript: addresses are not allowed"),
    ('<a href="&#106;avascript:x()">a</a>', "javascript: addresses are not allowed"),
    ('<img src="//other.example/a.png" alt="a">', "is loaded from another site"),
    ('<img src="data:image/png;base64,AAAA" alt="a">', "is not a file of this site"),
    # Browsers read a backslash as a slash and drop newlines: these load from another site too.
    ('<img src="\\\\other.example/a.png" alt="a">', "is loaded from another site"),
    ('<img src="/&#10;/other.example/a.png" alt="a">', "the picture / /other.example/a.png is loaded from another site"),
    ('<svg onload="x()"></svg>', "<svg> removed"),
    ('<math><mi xlink:href="javascript:x()">a</mi></math>', "<math> removed"),
    ('<a href="/x" target="_blank">a</a>', "the target attribute on <a> is not allowed"),
    ('<div style="position:fixed">a</div>', "style on <div>"),
])
def test_each_removal_is_a_problem_at_its_line(snippet, message):
    source = f"Title: x\n\nFirst paragraph.\n\n{snippet}\n"
    found: list = []
    html, _ = _render(source, found)
    assert any(message in p.message and p.line == 5 for p in found), found
    assert "x()" not in html and "other.example" not in html


def test_a_title_is_text_and_a_forged_block_marker_is_only_text():
    found: list = []
    html, meta = _render("Title: &lt;/title&gt;<b>x</b>\n\ncampaignblock0000n0\n", found)
    assert meta["title"] == "&lt;/title&gt;&lt;b&gt;x&lt;/b&gt;" and found == []
    assert isinstance(Html(meta["title"]), str) and Html("<b>").__html__() == "<b>"
    assert "campaignblock0000n0" in html


def test_problems_name_the_nth_occurrence():
    source = "Title: x\n\n<script>a()</script>\n\ntext\n\n<script>b()</script>\n"
    _, problems = sanitise(Markdown().convert(source.split("\n\n", 1)[1]), "p.md", source, 3)
    assert [p.line for p in problems] == [3, 7]
