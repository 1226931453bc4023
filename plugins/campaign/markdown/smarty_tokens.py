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
tests/unit/test_smarty_tokens.py holds the two equal on generated HTML, for every attribute set.
"""
from __future__ import annotations

import re
from types import ModuleType

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
        for kind, token in module._tokenize(text):  # the library's own tokens
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
                out.append(_converted(module, token, attr, last))
            else:
                out.append(token)
            last = token[-1:]
        return "".join(out)

    smartypants.walks = library  # type: ignore[attr-defined]  # the library's own, for the tests
    module.smartypants = smartypants  # type: ignore[attr-defined]


def _converted(module: ModuleType, text: str, attr: int, last: str) -> str:
    """One text token through the library's converters, in its order, for `attr` (no entity bits);
    `last` is the previous text token's last character."""
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
    if attr & bits.q:
        if text == "'":
            return "&#8217;" if _NOT_SPACE.match(last) else "&#8216;"
        if text == '"':
            return "&#8221;" if _NOT_SPACE.match(last) else "&#8220;"
        text = module.convert_quotes(text)
    return text
