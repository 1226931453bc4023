"""Pelican's Markdown reader, plus our fenced blocks, with problems kept for the build to report.

Pelican catches a reader's exceptions and logs only "Could not process <file>", losing the
reason; so this reader records each Problem on itself and the plugin raises them all after
reading, with file, line and fix intact.
"""
from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from ..cache.content import READ_MEMO_SETTING, ContentCache, ReadMemo
from ..content.header import read_header
from ..errors import Problem, shown_path
from ..settings import setting
from .block_skips import install as quick_blocks
from .blocks import BlocksExtension
from .inline import install as quick_inline
from .sanitise import Html, made_safe
from .smarty_tokens import APART as _APART
from .smarty_tokens import QUOTE as _QUOTE
from .smarty_tokens import QUOTE_REACH
from .smarty_tokens import install as quick_smarty_tokens
from .toc import toc_only_where_placed

#: Tags whose text Typogrify leaves alone (it would put <span> inside SVG text and tables of numbers).
TYPOGRIFY_KEEP_OUT = ("svg", "pre", "code", "script")


def prepare_settings(s: dict) -> None:
    """The settings as this reader needs them, in place (idempotent): the plugin's start-up does it.

    Issue 10 (build speed): this reader applies Typogrify itself, as Pelican would, so the
    content cache keeps the result; Pelican's own pass is turned off. The check pass prepares
    a copy the same way, so the entries it keeps have the keys the build's reader looks for.
    """
    s["TYPOGRIFY_IGNORE_TAGS"] = sorted({*s.get("TYPOGRIFY_IGNORE_TAGS", []), *TYPOGRIFY_KEEP_OUT})
    if s.get("TYPOGRIFY"):
        s["CAMPAIGN_TYPOGRIFY"], s["TYPOGRIFY"] = True, False


@dataclass(frozen=True)
class Conversion:
    """One file's Markdown as the reader converted it, before sanitising: what `make check` judges.

    `body` has the blocks' markers taken out, so it is the HTML the check's own conversion makes
    (its blocks leave nothing behind); `extensions` are the Markdown extensions it ran (blocks aside).
    """

    text: str
    extensions: tuple[str, ...]
    body: str
    # The Summary as Pelican converted it (FORMATTED_FIELDS, without the meta extension), and the
    # text it converted (its header lines joined); None when it converted none.
    summary_source: str | None = None
    summary: str | None = None
    # What the sanitiser removed from that body and summary (made_safe's problems, at this reader's
    # path); None when a fenced block was rendered (the sanitiser saw markers the check never makes).
    sanitised: tuple[Problem, ...] | None = None
    summary_sanitised: bool = False  # whether made_safe had a Summary to sanitise


class CampaignMarkdownReader(MarkdownReader):
    """MarkdownReader that renders ```chart and ```video blocks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []
        # The last file this reader converted itself (None after a cache hit): the check pass
        # judges it instead of converting the file a second time (checks/verdicts.py).
        self.conversion: Conversion | None = None
        self._kept_md: Markdown | None = None  # see _markdown
        self._meta: tuple = (None, None)
        self._cache: ContentCache | None = None
        # The file this reader read last, for the problems found in its metadata afterwards
        # (plugin.py); cleared by Pelican's preread signal before each file.
        self.last_read: str | None = None

    def read(self, source_path):
        self._source_path = source_path
        self.last_read = source_path
        self.conversion = None
        rel = shown_path(source_path)
        # An unchanged file's result is reused (cache/content.py): reading is most of a build.
        cache = self._content_cache()
        if cache is None:
            return self._render(source_path, rel)
        # The live preview remembers each file's entry across its builds (cache/content.py ReadMemo).
        memo = self.settings.get(READ_MEMO_SETTING)
        source = Path(source_path).read_bytes() if isinstance(memo, ReadMemo) else b""
        remembered = memo.entry(source_path, cache.base, source) if isinstance(memo, ReadMemo) else None
        if remembered is not None and (kept := cache.load(remembered)) is not None:
            return kept
        key = cache.key(source_path)
        entry = cache.entry(key)
        if entry is not None and (kept := cache.load(entry)) is not None:
            if isinstance(memo, ReadMemo):
                memo.keep(source_path, cache.base, source, entry)
            return kept
        content, metadata = self._render(source_path, rel)
        if "campaign_problems" not in metadata:  # a file with problems is never kept
            entry = cache.put(key, (content, metadata))
            if isinstance(memo, ReadMemo):
                memo.keep(source_path, cache.base, source, entry)
        return content, metadata

    def _content_cache(self) -> ContentCache | None:
        if not setting(self.settings, "CAMPAIGN_CONTENT_CACHE"):
            return None
        if self._cache is None:
            self._cache = ContentCache.for_settings(self.settings)
        return self._cache

    def _markdown(self, blocks: BlocksExtension) -> Markdown:
        """This reader's Markdown, reset for the next file and given that file's blocks.

        Made once per reader, not once per file as Pelican's reader does: making one was a tenth
        of converting a post. reset() is Python-Markdown's own way to reuse one (every extension
        clears its state); the two things a file changes besides are undone here: the blocks
        preprocessor is the file's own, and the meta preprocessor, which Pelican's
        _parse_metadata takes out before converting the Summary, is put back where it was.
        """
        if self._kept_md is None:
            md = Markdown(**self.settings["MARKDOWN"])
            quick_inline(md)  # the same HTML; inline patterns not tried where they cannot match
            quick_blocks(md)  # the same HTML; blocks not searched for what they cannot hold
            toc_only_where_placed(md)  # the same HTML; no table of contents nobody reads
            meta = md.preprocessors["meta"] if "meta" in md.preprocessors else None
            priority = next((item.priority for item in md.preprocessors._priority if item.name == "meta"), None)
            self._kept_md, self._meta = md, (meta, priority)
        md = self._kept_md.reset()
        meta, priority = self._meta
        if meta is not None and priority is not None and "meta" not in md.preprocessors:
            md.preprocessors.register(meta, "meta", priority)
        blocks.extendMarkdown(md)  # in place of the last file's (same name)
        return md

    def _render(self, source_path, rel: str):
        found: list[Problem] = []
        data_dir = Path(self.settings["PATH"]) / "data"
        blocks = BlocksExtension(rel, data_dir, found)
        self._md = self._markdown(blocks)
        with pelican_open(source_path) as text:
            content = self._md.convert(text)
        conversion = Conversion(text, tuple(str(e) for e in self.settings["MARKDOWN"].get("extensions", [])),
                                blocks.unmarked(content))
        meta = getattr(self._md, "Meta", None)  # before Pelican's reset() replaces it
        self.conversion = conversion
        try:
            metadata = self._parse_metadata(meta) if meta is not None else {}
        except ValueError as err:
            # Pelican's date parser raises a bare ValueError; point at the Date line.
            header = read_header(source_path)
            found.append(Problem(rel, header.line("date"), f"the date does not parse ({err})",
                                 "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"))
            self.problems.extend(found)
            raise
        if meta and "summary" in meta and "summary" in self.settings["FORMATTED_FIELDS"] and \
                isinstance(metadata.get("summary"), str):
            self.conversion = replace(conversion, summary_source="\n".join(meta["summary"]),
                                      summary=blocks.unmarked(metadata["summary"]))
        before, summary_sanitised = len(found), bool(metadata.get("summary"))
        content, metadata = made_safe(content, metadata, text, rel, blocks, found)
        if not blocks.rendered:
            self.conversion = replace(self.conversion, sanitised=tuple(found[before:]),
                                      summary_sanitised=summary_sanitised)
        self.problems.extend(found)
        if found:
            metadata["campaign_problems"] = found
        if setting(self.settings, "CAMPAIGN_TYPOGRIFY"):
            content, metadata = typogrify_like_pelican(content, metadata, self.settings)
        if "title" in metadata:
            metadata["title"] = Html(metadata["title"])
        return content, metadata


def reader_for(conf: dict) -> CampaignMarkdownReader:
    """A reader over a copy of `conf` made ready as the build's own reader is (prepare_settings,
    Pelican's completion of MARKDOWN), so what it keeps in the content cache is what the build reads."""
    settings = dict(conf)
    settings["MARKDOWN"] = copy.deepcopy(conf.get("MARKDOWN") or {})
    prepare_settings(settings)
    return CampaignMarkdownReader(settings)


def typogrify_like_pelican(content: str, metadata: dict, settings: dict) -> tuple[str, dict]:
    """Typogrify the body, title and summary exactly as Pelican's reader does with TYPOGRIFY.

    Done here (the plugin turns Pelican's own pass off) so the content cache keeps the result:
    Typogrify is a quarter of a cold build. The filters and settings are Pelican's.
    """
    import smartypants
    from typogrify.filters import typogrify

    skip_plain_tokens(smartypants)
    quick_smarty_tokens(smartypants)  # the same HTML; text tokens with nothing to convert passed by
    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    attr = {"oldschool": smartypants.Attr.set2, "oldschool_inverted": smartypants.Attr.set3}
    smartypants.Attr.default = attr.get(dashes, smartypants.Attr.set1) | smartypants.Attr.w
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def apply(text):
        return typogrify(text, settings.get("TYPOGRIFY_IGNORE_TAGS", []), **omit)

    if content:
        content = apply(content)
    metadata = dict(metadata)
    for name in ("title", "summary"):
        if name in metadata:
            metadata[name] = apply(metadata[name])
    return content, metadata



#: smartypants' converters of one text token, each with the characters one of which every pattern
#: it substitutes contains (smartypants 2.0.2, pinned): a token holding none of them comes back
#: unchanged, so it need not be scanned. Most tokens (the text between two tags) hold no quote:
#: convert_quotes' fifteen substitutions on each were most of Typogrify's time.
PLAIN_SKIPS = {"convert_quotes": "'\"", "process_escapes": "\\", "convert_backticks": "`'",
               "convert_ellipses": ".", "convert_dashes": "-"}


def skip_plain_tokens(module) -> None:
    """Give smartypants (`module`) converters that return a token with none of PLAIN_SKIPS' characters
    as it is, without scanning it (idempotent; tests/unit/test_typogrify_skips.py holds them equal)."""
    for name, needed in PLAIN_SKIPS.items():
        convert = getattr(module, name)
        if hasattr(convert, "scans"):
            continue

        # One compiled character class per converter: a generator of `c in text` per token
        # (about 110,000 tokens at 1000 posts, five converters each) was up to a tenth of Typogrify.
        holds = re.compile(f"[{re.escape(needed)}]").search
        inner = near_quotes_only(convert) if name == "convert_quotes" else convert

        def quick(text, _convert=inner, _holds=holds):
            return _convert(text) if _holds(text) else text

        quick.scans = convert  # type: ignore[attr-defined]  # the library's own, for the tests
        setattr(module, name, quick)




def near_quotes_only(convert: Callable[[str], str]) -> Callable[[str], str]:
    """`convert` (smartypants' convert_quotes) applied only to the stretches of a token around its
    quotes, joined into one text: the same result, since no pattern looks beyond QUOTE_REACH.

    A paragraph's token is about 300 characters with two or three quotes, and each of the fifteen
    patterns scanned all of it: half of Typogrify's time (tests/unit/test_quote_stretches.py
    holds the two equal on long generated text)."""
    before, after = QUOTE_REACH

    def stretches_only(text: str) -> str:
        spans: list[list[int]] = []
        for m in _QUOTE.finditer(text):
            start, end = max(m.start() - before, 0), m.end() + after
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        if not spans:
            return text
        if _APART in text or (spans[0][0] == 0 and spans[-1][1] >= len(text) and len(spans) == 1):
            return convert(text)
        converted = convert(_APART.join(text[start:end] for start, end in spans)).split(_APART)
        out: list[str] = []
        at = 0
        for (start, end), piece in zip(spans, converted, strict=True):
            out += (text[at:start], piece)
            at = end
        out.append(text[at:])
        return "".join(out)

    return stretches_only
