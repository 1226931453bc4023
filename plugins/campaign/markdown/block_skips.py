"""Python-Markdown's block parser, without searching a block for what it cannot hold.

The block parser asks each block processor, in order, whether it takes the next block (its
test; for references, abbreviations and footnotes, its run, which puts the block back when it
finds nothing). Several of those search the whole block with expressions that start at every
line, which costs a post's block parsing most of its time (a paragraph is searched for a `#`
header, a `>` quote, a `:` definition, a `[x]:` reference...). Every match of each expression
named in GUARDS contains one of its literals, so a block holding none of them is answered as
the library answers it when it finds nothing: not taken (a false test). The library's own test
runs whenever a literal is there. A processor of another class, or whose expression is not the
one written here (another library version), is left alone. The HTML is the same
(tests/unit/test_quick_inline.py).
"""
from __future__ import annotations

from collections.abc import Callable

from markdown import Markdown, blockprocessors
from markdown.extensions import abbr, def_list, footnotes

#: A processor's class -> the attribute holding its expression, that expression in Python-Markdown
#: 3.11.3 (pinned), and literals one of which is in every block it matches. The last three's test
#: answers True and their run takes a block only where the expression matches, else puts it back
#: and returns False: a false test is the same answer (the next processor, the same blocks).
GUARDS: dict[type, tuple[str, str, tuple[str, ...]]] = {
    blockprocessors.BlockQuoteProcessor: ("RE", r"(^|\n)[ ]{0,3}>[ ]?(.*)", (">",)),
    blockprocessors.HashHeaderProcessor: (
        "RE", r"(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\#]|#+(?=[^#\n]))*?)#*(?:\n|$)", ("#",)),
    blockprocessors.SetextHeaderProcessor: ("RE", r"^.*?\n(?:=+|-+)[ ]*(\n|$)", ("\n=", "\n-")),
    blockprocessors.HRProcessor: (
        "SEARCH_RE", (r"^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))"
                      r"(?P=atomicgroup)[ ]*$"), ("-", "_", "*")),
    def_list.DefListProcessor: ("RE", r"(^|\n)[ ]{0,3}:[ ]{1,3}(.*?)(\n|$)", (":",)),
    blockprocessors.ReferenceProcessor: (
        "RE", (r"^[ ]{0,3}\[([^\[\]]*)\]:[ ]*(?:\n[ ]*)?([^\s]+)[ ]*(?:\n[ ]*)?(("
               r'["\'])' r"(.*)\4[ ]*|\((.*)\)[ ]*)?$"), ("]:",)),
    abbr.AbbrBlockprocessor: ("RE", r"^[*]\[(?P<abbr>[^\\]*?)\][ ]?:[ ]*\n?[ ]*(?P<title>.*)$", ("*[",)),
    footnotes.FootnoteBlockProcessor: ("RE", r"^[ ]{0,3}\[\^([^\]]*)\]:[ ]*(.*)$", ("[^",)),
}


def literals(processor: object) -> tuple[str, ...] | None:
    """Literals one of which is in every block `processor` takes; None: ask it about every block."""
    guard = GUARDS.get(type(processor))
    if guard is None:
        return None
    attribute, expression, needed = guard
    compiled = getattr(processor, attribute, None)
    return needed if getattr(compiled, "pattern", None) == expression else None


def _guarded(test: Callable[..., object], needed: tuple[str, ...]) -> Callable[..., object]:
    def quick(parent: object, block: str) -> object:
        for literal in needed:
            if literal in block:
                return test(parent, block)
        return False

    quick.guards = test  # type: ignore[attr-defined]  # the processor's own test, for idempotence and tests
    return quick


def install(md: Markdown) -> None:
    """Give each processor of `md`'s block parser named in GUARDS its guarded test (idempotent)."""
    for processor in md.parser.blockprocessors:
        needed = literals(processor)
        if needed is not None and not hasattr(processor.test, "guards"):
            processor.test = _guarded(processor.test, needed)
