"""Python-Markdown's inline pass, without trying patterns on text that holds nothing they match.

The inline pass (markdown.treeprocessors.InlineProcessor) tries every inline pattern, in order,
on every text node: 15 patterns with the site's extensions, about 440,000 tries at 1000 posts,
nearly all of them finding nothing; the tries were a fifth of reading a post. Every match of
each pattern named in NEEDS contains one of that pattern's literals, so a text holding none of
them cannot match it and the try is skipped, with what a failed try leaves (the next pattern,
from the start of the text). Any other pattern, or one whose expression is not the one written
here (another library version), is tried as the library would. The text each pattern sees, the
order of the tries and every match are the library's own: the HTML is the same
(tests/unit/test_quick_inline.py).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache

from markdown import Markdown, util
from markdown.inlinepatterns import DelimiterProcessor
from markdown.treeprocessors import InlineProcessor

#: A pattern's expression (Python-Markdown 3.11.3, pinned) -> literals, one of which is in every
#: text it matches.
NEEDS: dict[str, tuple[str, ...]] = {
    r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)": ("`",),  # backtick: a backtick, or backslashes before one
    r"\\(.)": ("\\",),  # escape
    r"\[\^([^\]]*)\]": ("[^",),  # footnote reference
    r"(?<!\!)\[": ("[",),  # reference, link, short reference
    r"\!\[": ("![",),  # image link, image reference, short image reference
    r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>": ("://",),  # autolink
    r"<([^<> !]+@[^@<> ]+)>": ("@",),  # automail
    r"  \n": ("  \n",),  # line break
    # html: every alternative starts with "<".
    "(<(\\/?+[a-zA-Z][^\\s\"'<>@]*+(?:\\s+[^\\s\"'=<>]++(?:\\s*+=\\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\\s\"'=<>]++))?+)*+"
    "\\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]|!\\[CDATA\\[(?:(?!<!\\[CDATA\\[|\\]\\]>).)*\\]\\])>)":
        ("<",),
    r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)": ("&",),  # entity
}


def needs(pattern: object) -> tuple[str, ...] | None:
    """Literals one of which is in every text `pattern` matches; None: try it on every text."""
    # What the library searches with is getCompiledRegExp(); a class that returns another
    # expression than its `pattern` is tried on every text.
    get = getattr(pattern, "getCompiledRegExp", None)
    expression = getattr(pattern, "pattern", None)
    if get is None or not isinstance(expression, str) or getattr(get(), "pattern", None) != expression:
        return None
    if isinstance(pattern, DelimiterProcessor):
        # em/strong: its expression is its tokens (each escaped) as alternatives; its state
        # changes only in handleMatch, which only a match calls.
        tokens = tuple(pattern.tokens)
        return tokens if tokens and expression == "|".join(re.escape(t) for t in tokens) else None
    return NEEDS.get(expression)


@lru_cache(maxsize=64)
def _test(literals: tuple[str, ...] | None) -> str | Callable[[str], object] | None:
    """One literal as itself (`in` is quickest), several as one compiled search, None as None."""
    if literals is None or len(literals) == 1:
        return literals[0] if literals else None
    return re.compile("|".join(re.escape(literal) for literal in literals)).search


class QuickInlineProcessor(InlineProcessor):
    """InlineProcessor that skips a pattern on a text holding none of its literals (see the module)."""

    def run(self, tree: ET.Element, ancestors: list[str] | None = None) -> ET.Element:
        """The library's inline pass, with the patterns and their literals listed once per document."""
        # Listed per run, not per Markdown: an extension may register patterns after it is made.
        self._listed = [(pattern, _test(needs(pattern))) for pattern in self.inlinePatterns]
        return super().run(tree, ancestors)

    # The library's private __handleInline (name-mangled), which its run and __applyPattern call.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        listed = self._listed
        apply = self._InlineProcessor__applyPattern
        start = 0
        count = len(listed)
        while patternIndex < count:
            pattern, test = listed[patternIndex]
            if test is not None and (test not in data if isinstance(test, str) else test(data) is None):
                # What a try that finds nothing returns: the next pattern, from the start.
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


def install(md: Markdown) -> None:
    """Put QuickInlineProcessor in place of `md`'s inline pass, at its priority (idempotent)."""
    registry = md.treeprocessors
    if "inline" not in registry or isinstance(registry["inline"], QuickInlineProcessor):
        return
    priority = next(item.priority for item in registry._priority if item.name == "inline")
    if type(registry["inline"]) is InlineProcessor:  # another extension's own pass is left alone
        registry.register(QuickInlineProcessor(md), "inline", priority)
