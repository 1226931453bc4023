"""One post or page judged on its own: what `make check` finds from its bytes and path, the
settings, the data files and the plugin's code, and nothing else (checks/verdicts.py keeps it).

Invariant: `judge` reads no other file than content/data (charts) and no clock. What does depend
on other files or on the time is not judged there but listed in the verdict (the pictures it
shows, its `{filename}` links, a missing Date whose fix names today) and judged on every run by
`live_problems`, from the files and the instant as they are then. So a kept verdict is right
for as long as its inputs are unchanged, whatever else happens to the site.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .. import settings as campaign_settings
from ..content import kinds
from ..content.header import PLACEHOLDERS, Header, source_lines
from ..content.sections import parse_sections
from ..content.slugs import slug_problem
from ..errors import CampaignError, Problem
from ..markdown.block_skips import install as quick_blocks
from ..markdown.blocks import BlocksExtension, render_blocks
from ..markdown.inline import install as quick_inline
from ..outputs.image_use import mentioned
from ..outputs.pdf import PAPERS
from . import integrity, pelican_forms
from .site_plan import title_slug

if TYPE_CHECKING:
    from markdown import Markdown

    from ..markdown.reader import Conversion

SUMMARY_MAX = 300
STATUSES = ("published", "draft", "hidden")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")
_DATE_FIX = "write it as 2021-07-20 or 2021-07-20 18:00 (year-month-day, 24-hour clock)"
_IMAGE_FIX = "put the picture in content/images/ and write ![what it shows](/images/name.jpg)"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
# A code span may run over a line break but not over a blank line (a new paragraph).
_INLINE_CODE = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.DOTALL)
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]*)>?(?:\s+[\"'(][^)]*)?\)")
_HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(?P<name>[a-z-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""",
                   re.IGNORECASE)
_INTERNAL_LINK = re.compile(r"\{(?P<kind>filename|static|attach)\}(?P<target>[^)\s\"'>]+)")


@dataclass(frozen=True)
class Source:
    """One post or page: where it is, what its header says, and whether it goes live."""

    path: Path
    rel: str  # relative to the project root, as messages show it
    text: str
    header: Header
    is_page: bool

    @property
    def status(self) -> str:
        return (self.header.get("status") or "published").strip().lower()


@dataclass(frozen=True)
class Picture:
    """A picture the file shows: checked on every run (the picture may come or go)."""

    src: str
    alt: str | None
    line: int
    in_header: bool


@dataclass(frozen=True)
class Link:
    """A `{filename}`-style link: checked on every run (its target may come, go, or go live)."""

    kind: str
    target: str
    line: int


@dataclass(frozen=True)
class Verdict:
    """What one file's own bytes say: its problems, and the facts the checks across files need."""

    header: Header
    problems: tuple[Problem, ...]
    pictures: tuple[Picture, ...]
    links: tuple[Link, ...]
    dateless: bool  # a post with no Date: reported by live_problems (the fix names today)
    mentions: tuple[str, ...]  # images/ and files/ paths the text names (image_use.mentioned)
    slug: str  # the Slug line, else the title's slug: where the build writes it
    page_slug: str  # a page's stripped Slug, else its title's or file name's: the home page's links


def parse_date(value: str) -> datetime | None:
    """`YYYY-MM-DD` or `YYYY-MM-DD HH:MM` as a datetime, or None if it is neither."""
    match = _DATE.fullmatch(value.strip())
    if not match:
        return None
    try:
        year, month, day, hour, minute = match.groups()
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
    except ValueError:
        return None


def is_live(source: Source, now: datetime | None) -> bool:
    """Would the published site show it? (Not a draft, not hidden, not dated after the build instant.)"""
    if source.status != "published":
        return False
    return source.is_page or not integrity.is_future(parse_date(source.header.get("date") or ""), now)


def shown(path: Path, root: Path) -> str:
    """`path` as messages show it: from the project folder when inside it."""
    # As path.relative_to(root) when path.is_relative_to(root), which compare whole names; on
    # the strings of two absolute paths that is a prefix ending in a separator (and faster).
    whole, folder = str(path), os.path.join(root, "")
    if not path.is_absolute() or not root.is_absolute():
        return str(path.relative_to(root)) if path.is_relative_to(root) else whole
    if whole == str(root):
        return "."
    return whole[len(folder):] if whole.startswith(folder) else whole


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each of `spans` (in order, not overlapping) blanked: every character but a line
    break made a space, so offsets and line numbers stay."""
    pieces, pos = [], 0
    for a, b in spans:
        pieces.append(text[pos:a])
        pieces.append("\n".join(" " * len(line) for line in text[a:b].split("\n")))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def _mask_code(text: str, start: int) -> str:
    """`text` with fenced blocks, inline code and the header blanked out (offsets kept)."""
    spans = [(0, start)]
    pos = start
    while (opening := _FENCE.search(text, pos)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*\r?$", re.MULTILINE)
        end_match = closing.search(text, opening.end())
        end = end_match.end() if end_match else len(text)
        spans.append((opening.start(), end))
        pos = end
    masked = _blanked(text, spans)
    return _blanked(masked, [code.span() for code in _INLINE_CODE.finditer(masked)])


def _body_start(source: Source) -> int:
    lines = source.text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: source.header.body_line - 1])


class Resolver:
    """Path.resolve() for many paths in few folders, each answer worked out once per run.

    Same answer as Path.resolve(): the folder's real path (once per folder), then the name in
    it, followed if it is a link. (At 1000 posts with links, resolving each path whole was
    most of a pass whose verdicts were all kept.)
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        self._paths: dict[str, str] = {}
        self._files: dict[str, bool] = {}

    def real(self, path: str) -> str:
        """The real path of `path` (absolute, links followed), as a string."""
        found = self._paths.get(path)
        if found is None:
            found = self._paths[path] = self._real(path)
        return found

    def _real(self, path: str) -> str:
        folder, name = os.path.split(path)
        if not os.path.isabs(path) or name in ("", ".", ".."):
            return os.path.realpath(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder)
        whole = os.path.join(real, name)
        return os.path.realpath(whole) if os.path.islink(whole) else whole

    def is_file(self, real: str) -> bool:
        """os.path.isfile, asked once per run."""
        found = self._files.get(real)
        if found is None:
            found = self._files[real] = os.path.isfile(real)
        return found


def _target(target: str, source: Source, content: Path) -> str:
    """Pelican's rule for {filename}/{static}: from content/ when it starts with /, else the post's
    folder (the path, not yet resolved)."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    base = content if target.startswith("/") else source.path.parent
    return os.path.join(base, target.lstrip("/"))


def _html_attrs(tag: str) -> dict[str, str]:
    return {m["name"].lower(): (m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["bare"])
            for m in _ATTR.finditer(tag)}


def _scan_body(source: Source, text: str, content: Path, pictures: list[Picture],
               links: list[Link]) -> list[Problem]:
    """Blocks in the text (problems); pictures and {filename} links (listed for live_problems).

    `text` is the file with its header and code blanked out (_mask_code)."""
    problems: list[Problem] = []
    # The build's own block pass (charts, videos), so a chart it would refuse is refused here.
    if "```" in source.text or "~~~" in source.text:  # most posts have no block: skip splitting them
        render_blocks(source_lines(source.text), source.rel, content / "data", problems, lambda _html: "")
    for offset, alt, src in integrity.reference_images(text):
        pictures.append(Picture(src, alt, _line_of(text, offset), False))
    image_spans = []
    for match in _MD_IMAGE.finditer(text):
        image_spans.append(match.span())
        pictures.append(Picture(match["src"], match["alt"], _line_of(text, match.start()), False))
    for match in _HTML_IMG.finditer(text):
        image_spans.append(match.span())
        attrs = _html_attrs(match.group())
        pictures.append(Picture(attrs.get("src", ""), attrs.get("alt"), _line_of(text, match.start()), False))
    for match in _INTERNAL_LINK.finditer(text):
        if not any(a <= match.start() < b for a, b in image_spans):
            links.append(Link(match["kind"], match["target"], _line_of(text, match.start())))
    return problems


def _summary_links(source: Source) -> list[Link]:
    """The Summary's {filename} links: it is Markdown too (FORMATTED_FIELDS), shown on every listing
    and in the feeds, where a link Pelican cannot resolve keeps its marker as its address."""
    summary = source.header.get("summary") or ""
    line = source.header.line("summary")
    return [Link(match["kind"], match["target"], line) for match in _INTERNAL_LINK.finditer(summary)]


def _placeholders(source: Source) -> list[Problem]:
    """Text left from `make new` in something about to be published."""
    # No marker holds a line break: one absent from the text is on no line (most posts: no line loop).
    if source.status == "draft" or not any(marker in source.text for marker in PLACEHOLDERS):
        return []
    problems = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        marker = next((m for m in PLACEHOLDERS if m in line), None)
        if marker:
            problems.append(Problem(source.rel, number, f"text from the template is still here ({marker!r})",
                                    "write your own text, or keep the line `Status: draft` until it is ready"))
    return problems


def _header_problems(source: Source, cs: campaign_settings.CampaignSettings,
                     pictures: list[Picture]) -> list[Problem]:
    """Title, Date, Category, Kind, Summary, Status and the kind's own fields; the Image listed."""
    header, rel = source.header, source.rel
    problems = integrity.header_problems(rel, source.text, header)
    slug = header.get("slug")
    if slug is not None:
        bad_slug = slug_problem(slug, rel, header.line("slug"))
        problems += [bad_slug] if bad_slug else []
    if not (header.get("title") or "").strip():
        problems.append(Problem(rel, 1, "there is no Title",
                                "add a first line `Title: The headline`, followed by the other fields"))
    status = source.status
    if status not in STATUSES:
        problems.append(Problem(rel, header.line("status"), f"unknown Status '{status}'",
                                "write `Status: draft` (preview only) or `Status: hidden`, or remove the line"))
    image = header.get("image")
    if image:
        pictures.append(Picture(image, header.get("image_alt"), header.line("image"), True))
    if source.is_page:
        return problems
    raw_date = header.get("date")
    if raw_date and parse_date(raw_date) is None:  # no Date at all: live_problems (its fix names today)
        problems.append(Problem(rel, header.line("date"), f"Date {raw_date!r} is not a date", _DATE_FIX))
    problems += parse_sections(header.get("category"), cs.sections, path=rel, line=header.line("category"))[1]
    summary = (header.get("summary") or "").strip()
    if not summary:
        problems.append(Problem(rel, 1, "there is no Summary",
                                f"add a line `Summary: ...`: one or two sentences, at most {SUMMARY_MAX} characters"))
    elif len(summary) > SUMMARY_MAX:
        problems.append(Problem(rel, header.line("summary"),
                                f"the Summary is {len(summary)} characters long; the most is {SUMMARY_MAX}",
                                f"shorten it by {len(summary) - SUMMARY_MAX} characters; the post's text can say the rest"))
    try:
        # The kind parsers' problems never depend on cs.today (only their parsed values do):
        # tests/unit/test_check_verdicts.py holds them to it, since verdicts are kept across days.
        parsed = kinds.parse(header, cs, rel, header.get("slug") or source.path.stem)
    except CampaignError as err:  # a parser that stops at its first problem
        return problems + err.problems
    problems += parsed.problems
    paper = header.get("paper")
    printable = parsed.kind.printable
    if printable and printable.paper is None and paper is not None and paper.strip() not in PAPERS:
        problems.append(Problem(rel, header.line("paper"), f"unknown Paper '{paper}'",
                                f"write `Paper: {' or `Paper: '.join(p + '`' for p in PAPERS)} (A4 if you leave it out)"))
    return problems


def _extension_names(markdown_config: dict) -> list[str]:
    # As Pelican's MarkdownReader does: every configured extension is loaded.
    return [*markdown_config.get("extensions", []), *[e for e in markdown_config.get("extension_configs", {})
                                                      if e not in markdown_config.get("extensions", [])]]


def _check_markdown(markdown_config: dict, rel: str, data_dir: Path) -> tuple[Markdown, BlocksExtension]:
    """A Markdown as the check converts with: the configured extensions, blocks leaving nothing behind."""
    from markdown import Markdown

    # Blocks are our own HTML, left out of what is sanitised; their own problems are not this
    # function's to report (a separate list).
    blocks = BlocksExtension(rel, data_dir, [])
    # Blocks leave no marker in this pass: the method is replaced on this one object only.
    blocks.marker = lambda html: ""  # type: ignore[method-assign]  # noqa: ARG005
    md = Markdown(**{**markdown_config, "extensions": [*_extension_names(markdown_config), blocks]})
    quick_inline(md)  # as the reader's: the same HTML, fewer tries
    quick_blocks(md)
    return md, blocks


def _serves(conversion: Conversion | None, source: Source, markdown_config: dict) -> bool:
    """Whether the reader's conversion is the body this check would make: same text, same extensions."""
    return conversion is not None and conversion.text == source.text and \
        list(conversion.extensions) == [str(e) for e in _extension_names(markdown_config)]


#: Python-Markdown's meta extension (markdown/extensions/meta.py): a first line it would take for
#: the start or end of a header, or for a `Key: value` line.
_META_LINE = re.compile(r"^[ ]{0,3}[A-Za-z0-9_-]+:|^-{3}|^\.{3}")


def _summary_serves(conversion: Conversion, summary: str) -> bool:
    """Whether Pelican's conversion of the Summary is the one this check makes of it.

    Pelican converts the same text (one header line) after taking the meta extension out; the
    check's Markdown still has it, and it changes a text only when its first line reads as a
    header line (or is blank). No fence and no STX/ETX: nothing else before meta runs changes it.
    """
    return conversion.summary is not None and conversion.summary_source == summary and "\n" not in summary \
        and summary.strip() == summary != "" and not _META_LINE.match(summary.expandtabs(4)) \
        and not any(mark in summary for mark in ("```", "~~~", "\x02", "\x03", "\r"))


def body_problems(source: Source, markdown_config: dict, data_dir: Path,
                  conversion: Conversion | None = None) -> list[Problem]:
    """What the build's sanitiser would remove from the body and summary (reader.py does the same).

    `conversion` is the reader's conversion of the same file, when it has just made one: its body
    is used instead of converting the text again (one conversion serves the build and the check),
    when it is the body this function would make (_serves); the summary is always converted here.
    """
    from ..markdown.sanitise import made_safe

    found: list[Problem] = []
    summary = source.header.get("summary")
    if _serves(conversion, source, markdown_config):
        assert conversion is not None  # for mypy: _serves says so
        if conversion.sanitised is not None and (
                _summary_serves(conversion, summary) if summary else not conversion.summary_sanitised):
            # The reader sanitised this very body and summary (no block markers in them): its findings.
            return [replace(p, path=source.rel) for p in conversion.sanitised]
        body = conversion.body
        blocks = BlocksExtension(source.rel, data_dir, [])
        if not summary:
            meta = {}
        elif _summary_serves(conversion, summary):
            meta = {"summary": conversion.summary}
        else:
            md, blocks = _summary_markdown(json.dumps(markdown_config, sort_keys=True, default=repr), data_dir)
            meta = {"summary": md.reset().convert(summary)}
    else:
        md, blocks = _check_markdown(markdown_config, source.rel, data_dir)
        body = md.convert(source.text)
        meta = {"summary": md.reset().convert(summary)} if summary else {}
    made_safe(body, meta, source.text, source.rel, blocks, found)
    return found


@lru_cache(maxsize=4)
def _summary_markdown(config_json: str, data_dir: Path) -> tuple[Markdown, BlocksExtension]:
    # One per process and settings: a summary is converted after a reset, as the body's own
    # Markdown converts it (reset clears every extension's state), so any one Markdown serves.
    return _check_markdown(json.loads(config_json), "", data_dir)


def judge(source: Source, conf: dict, cs: campaign_settings.CampaignSettings,
          conversion: Conversion | None = None) -> Verdict:
    """The file's own verdict (see the module's invariant: no other file but data/, no clock).

    `conversion`: the reader's conversion of this file, if just made (body_problems uses it)."""
    content = cs.content_dir
    header = source.header
    pictures: list[Picture] = []
    links: list[Link] = []
    masked = _mask_code(source.text, _body_start(source))
    problems = _header_problems(source, cs, pictures)
    problems += _scan_body(source, masked, content, pictures, links)
    links += _summary_links(source)
    problems += _placeholders(source)
    problems += body_problems(source, conf.get("MARKDOWN") or {}, content / "data", conversion)
    problems += pelican_forms.check_text(source.rel, header, masked, str(conf.get("DEFAULT_LANG") or "en"))
    page_slug = ""
    if source.is_page:
        page_slug = (header.get("slug") or "").strip() or title_slug(header.get("title") or source.path.stem, conf)
    return Verdict(header, tuple(problems), tuple(pictures), tuple(links),
                   dateless=not source.is_page and not header.get("date"),
                   mentions=tuple(sorted(mentioned(source.text))),
                   slug=header.get("slug") or title_slug(header.get("title") or "", conf), page_slug=page_slug)


def _check_image(picture: Picture, source: Source, content: Path, root: Path) -> list[Problem]:
    src, alt, line = picture.src, picture.alt, picture.line
    problems = []
    if alt is None or not alt.strip():
        example = ("add a line `Image_alt: Placards outside the town hall`" if picture.in_header
                   else "![Placards outside the town hall](/images/picket.jpg)")
        problems.append(Problem(source.rel, line, f"the picture {src or '(no address)'} has no alt text",
                                f"describe what it shows for readers who cannot see it: {example}"))
    if not src or src.startswith("data:"):
        return problems
    lowered = src.lower()
    if lowered.startswith(("http://", "https://", "//")):
        return problems + [Problem(source.rel, line, f"the picture {src} is loaded from another site",
                                   "save it into content/images/ and write /images/name.jpg: "
                                   "this site loads nothing from other sites")]
    for prefix in ("{static}", "{attach}"):
        if src.startswith(prefix):
            path = Path(_target(src[len(prefix):], source, content)).resolve()
            break
    else:
        # /images/x.jpg and images/x.jpg both mean content/images/x.jpg (static files sit at the site root).
        path = (content / unquote(src.split("#", 1)[0]).lstrip("/").removeprefix("./")).resolve()
        # The header's Image is made absolute by seo.py; in the text a relative address stays relative.
        if not src.startswith("/") and not picture.in_header:
            problems.append(Problem(
                source.rel, line, f"the picture address {src} is relative, so it breaks on the post's own page",
                f"start it with a slash: /{src.removeprefix('./')}"))
    if not path.is_relative_to(content):
        problems.append(Problem(source.rel, line, f"the picture {src} is outside content/", _IMAGE_FIX))
    elif not path.is_file():
        problems.append(Problem(source.rel, line, f"the picture {src} is not there (looked for {shown(path, root)})",
                                f"check the spelling, or {_IMAGE_FIX}"))
    return problems


def live_problems(verdict: Verdict, source: Source, content: Path, root: Path,
                  live: dict[str, bool], now: datetime | None, resolve: Resolver) -> list[Problem]:
    """What the verdict listed, judged now: pictures there, links to files there and live, a Date.

    `live` says of every post and page (by its real path) whether it goes live (is_live)."""
    problems = []
    if verdict.dateless:
        problems.append(Problem(source.rel, 1, "there is no Date", f"add a line `Date: {date.today():%Y-%m-%d}`"))
    for picture in verdict.pictures:
        problems += _check_image(picture, source, content, root)
    # content/'s real path and a separator: a prefix only real paths inside it have (targets are
    # resolved, so a content/ that is a symlink must be too).
    inside = os.path.join(resolve.real(str(content)), "")
    for link in verdict.links:
        path = resolve.real(_target(link.target, source, content))
        if not (path + os.sep).startswith(inside) or not resolve.is_file(path):
            problems.append(Problem(source.rel, link.line, f"the link {{{link.kind}}}{link.target} points to no file "
                                                           f"(looked for {shown(Path(path), root)})",
                                    "check the spelling; write the path from content/, e.g. "
                                    "{filename}/posts/news/2021-01-20-welcome.md"))
        elif live.get(path, True) is False and is_live(source, now):
            problems.append(Problem(source.rel, link.line, f"the link {{{link.kind}}}{link.target} points to a post "
                                                           "that is not published (a draft, hidden, or dated later)",
                                    "remove the link until that post is published"))
    return problems
