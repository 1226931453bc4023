"""smartypants' walk over a text's tokens, with the text tokens it would leave unchanged passed by.

smartypants (2.0.2, pinned) cuts a text into tags and text tokens and, for each text token outside
a skipped tag (pre, code, kbd, script, math), calls six converters one after another: escapes,
`&quot;`, dashes, ellipses, backticks, quotes. Three tokens in four (the text between two tags:
a link's words, an emphasis) hold nothing any of them replaces, yet each paid the six calls
(at 1000 posts, 54,000 of 72,000 tokens; passing them by is about 5% of smartypants' time).

`install` gives the module a `smartypants` that walks the tokens as the library does (the same
tag stack, the same context character for one-character quote tokens) and hands a text token to
the library's converters, in the library's order, only when it holds one of TRIGGERS; any other
token comes back as it is, which is what the converters return for it. Attributes that convert
entities (the `mask_o` bits) go to the library's own function whole.

The quotes of the text tokens whose first quote lies far enough into them (_later) are converted
together at the end: one convert_quotes call over the stretches around all their quotes
(_quotes_at_once), not one call per token. With both, smartypants over every text of the
1000-post site takes 0.68 s instead of 0.92 s.
tests/unit/test_smarty_tokens.py holds the two equal on generated HTML, for every attribute set.
"""
from __future__ import annotations

import re
from types import ModuleType

#: How far around a quote convert_quotes looks (smartypants 2.0.2, pinned; every one of its fifteen
#: patterns contains a quote). Before one: at most `&&#x2013;`, 9 characters (its verbose pattern
#: reads the `#` of `&#8211;|&#8212;` as a comment, which joins `&` to the hex entities); after
#: one, the `80s` of `'80s`, 3. The stretches handed to it keep a margin beyond both.
QUOTE_REACH = (9 + 2, 3 + 3)
QUOTE = re.compile("['\"]")
APART = "\x00"  # between two stretches: never inside a match, since no match reaches that far

#: A text token the converters can change holds one of these (smartypants 2.0.2): a backslash
#: (process_escapes), `&quot;` (the Attr.w substitution), `--` (every dash converter's patterns
#: hold it), `...` or `. . .` (convert_ellipses), a backtick or `''` (the backtick converters),
#: a quote (convert_quotes and its one-character special cases).
TRIGGERS = re.compile(r"""[\\'"`]|&quot;|--|\.\.\.|\. \. \.""")
_NOT_SPACE = re.compile(r"\S")


def install(module: ModuleType) -> None:
    """Replace `module.smartypants` (the smartypants module) by the walk that passes plain tokens by (idempotent)."""
    if hasattr(module.smartypants, "walks"):
        return
    library = module.smartypants
    attr_bits = module.Attr

    def smartypants(text: str, attr: int | None = None) -> str:
        if attr is None:
            attr = attr_bits.default
        if attr & attr_bits.mask_o:
            return library(text, attr)
        skip = module._tags_to_skip_regex().match  # the library's own, as it calls it
        skipped: list[str] = []
        in_pre = False
        last = ""
        out: list[str] = []
        pending: list[int] = []  # tokens in `out` whose quotes are converted together at the end
        for kind, token in module._tokenize(text):  # the library's own tokens
            raw = token
            if kind == "tag":
                out.append(token)
                found = skip(token)
                if found:
                    if not found.group(1):
                        skipped.append(found.group(2).lower())
                        in_pre = True
                    else:
                        if skipped and found.group(2).lower() == skipped[-1]:
                            skipped.pop()
                        if not skipped:
                            in_pre = False
                continue
            if not in_pre and TRIGGERS.search(token):
                token = _before_quotes(module, token, attr)
                if attr & attr_bits.q:
                    if token == "'":
                        token = "&#8217;" if _NOT_SPACE.match(last) else "&#8216;"
                    elif token == '"':
                        token = "&#8221;" if _NOT_SPACE.match(last) else "&#8220;"
                    elif _later(token):
                        pending.append(len(out))
                    else:
                        token = module.convert_quotes(token)
            last = raw[-1:]
            out.append(token)
        if pending:
            _quotes_at_once(module, out, pending)
        return "".join(out)

    smartypants.walks = library  # type: ignore[attr-defined]  # the library's own, for the tests
    module.smartypants = smartypants  # type: ignore[attr-defined]


def _before_quotes(module: ModuleType, text: str, attr: int) -> str:
    """One text token through the library's converters before quotes, in its order, for `attr`."""
    bits = module.Attr
    text = module.process_escapes(text)
    if attr & bits.w:
        text = text.replace("&quot;", '"')  # the library's re.sub of a pattern with no special character
    dashes = attr & bits.mask_d
    if dashes == bits.d:
        text = module.convert_dashes(text)
    if dashes == bits.D:
        text = module.convert_dashes_oldschool(text)
    if dashes == bits.i:
        text = module.convert_dashes_oldschool_inverted(text)
    if attr & bits.e:
        text = module.convert_ellipses(text)
    backticks = attr & bits.mask_b
    if backticks == bits.b:
        text = module.convert_backticks(text)
    if backticks == bits.B:
        text = module.convert_single_backticks(text)
    return text


def _later(text: str) -> bool:
    """Whether the token's quotes can be converted with other tokens' (_quotes_at_once): its first
    quote has QUOTE_REACH's margin of its own text before it, so no pattern anchored at the start
    of a text (`^'`, `^"`), nor one looking at the character before a quote, sees what precedes
    its stretch; and it holds no separator."""
    first = QUOTE.search(text)
    return first is not None and first.start() >= QUOTE_REACH[0] and APART not in text


def _quotes_at_once(module: ModuleType, out: list[str], pending: list[int]) -> None:
    """convert_quotes over the stretches around the quotes of every token in `out` at `pending`,
    joined into one text, each token then put back together (reader.near_quotes_only does this
    for one token; a call per token was most of the converter's time, its fifteen patterns
    compiled and looked up each time). A stretch that reaches its token's end is followed by the
    separator, which no pattern after a quote tells from the end of a text."""
    before, after = QUOTE_REACH
    convert = getattr(module.convert_quotes, "scans", module.convert_quotes)  # the library's own
    spans: list[list[list[int]]] = []
    for index in pending:
        mine: list[list[int]] = []
        for found in QUOTE.finditer(out[index]):
            start, end = found.start() - before, found.end() + after  # start >= 0: see _later
            if mine and start <= mine[-1][1]:
                mine[-1][1] = end
            else:
                mine.append([start, end])
        spans.append(mine)
    pieces = convert(APART.join(out[i][a:b] for i, mine in zip(pending, spans, strict=True) for a, b in mine))
    converted = iter(pieces.split(APART))
    for index, mine in zip(pending, spans, strict=True):
        text, at = out[index], 0
        parts: list[str] = []
        for start, end in mine:
            parts += (text[at:start], next(converted))
            at = end
        parts.append(text[at:])
        out[index] = "".join(parts)
