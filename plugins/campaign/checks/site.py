"""`make check`: every problem in every post and page at once, each as `path:line: what — fix`.

Runs without Pelican (settings through runpy, headers through metadata.parse_header) so it
answers in well under a second; the kind rules come from the same parsers the build uses (content/kinds.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from urllib.parse import unquote

from .. import settings as campaign_settings
from ..content import kinds, redirects
from ..content.header import PLACEHOLDERS, Header, parse_header, source_lines
from ..content.sections import parse_sections
from ..content.slugs import Claim, find_collisions, slug_problem
from ..errors import CampaignError, Problem
from ..markdown.blocks import render_blocks
from ..outputs import images
from ..outputs.image_use import published_images
from ..outputs.pdf import PAPERS
from . import integrity, pelican_forms
from .site_plan import BUILT_IN, built_in_claims, static_claims, title_slug

SUMMARY_MAX = 300
STATUSES = ("published", "draft", "hidden")
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
MAX_SOURCE_BYTES = 2_000_000  # a long report is ~100 KB; far beyond that is a mistake, not prose
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


def load_settings(root: Path) -> tuple[dict, campaign_settings.CampaignSettings]:
    """pelicanconf.py's settings read as the build reads them (Pelican's read_settings), validated."""
    from pelican.settings import read_settings

    conf = read_settings(str(root / "pelicanconf.py"))
    return conf, campaign_settings.load(conf)


def _sources(root: Path, content: Path, folders: list[str], is_page: bool,
             problems: list[Problem]) -> list[Source]:
    found = []
    for folder in folders:
        for path in sorted((content / folder).rglob("*")):
            # Not is_file(): a link to nowhere is read (and fails) by Pelican too, so it is reported.
            if path.suffix.lower() not in MARKDOWN_SUFFIXES or path.is_dir():
                continue
            rel = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
            try:
                if path.stat().st_size > MAX_SOURCE_BYTES:
                    problems.append(Problem(rel, 1, f"the file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB",
                                            "split it into several posts, or move tables of figures "
                                            "into content/data/"))
                    continue
                data = path.read_bytes()
            except OSError as err:
                problems.append(Problem(rel, 1, f"the file cannot be read ({err.strerror})",
                                        "make the file readable (check its permissions), or remove it"))
                continue
            try:
                # utf-8-sig: Notepad's invisible byte-order mark would hide the Title line; Pelican drops it too.
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as err:
                problems.append(Problem(rel, data[: err.start].count(b"\n") + 1,
                                        "the file is not saved as UTF-8 (a character here cannot be read)",
                                        "in your editor, save it again with the encoding UTF-8"))
                continue
            found.append(Source(path, rel, text, parse_header(text), is_page))
    return found


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


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _mask_code(text: str, start: int) -> str:
    """`text` with fenced blocks, inline code and the header blanked out (offsets kept)."""
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    blank(0, start)
    pos = start
    while (opening := _FENCE.search(text, pos)) is not None:
        fence = opening.group(1)
        closing = re.compile(rf"^ {{0,3}}{fence[0]}{{{len(fence)},}}[ \t]*\r?$", re.MULTILINE)
        end_match = closing.search(text, opening.end())
        end = end_match.end() if end_match else len(text)
        blank(opening.start(), end)
        pos = end
    masked = "".join(chars)
    for code in _INLINE_CODE.finditer(masked):
        blank(code.start(), code.end())
    return "".join(chars)


def _body_start(source: Source) -> int:
    lines = source.text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: source.header.body_line - 1])


def _resolve(target: str, source: Source, content: Path) -> Path:
    """Pelican's rule for {filename}/{static}: from content/ when it starts with /, else the post's folder."""
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    base = content if target.startswith("/") else source.path.parent
    return (base / target.lstrip("/")).resolve()


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _check_image(src: str, alt: str | None, line: int, source: Source, content: Path,
                 root: Path, *, in_header: bool = False) -> list[Problem]:
    problems = []
    if alt is None or not alt.strip():
        example = ("add a line `Image_alt: Placards outside the town hall`" if in_header
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
            path = _resolve(src[len(prefix):], source, content)
            break
    else:
        # /images/x.jpg and images/x.jpg both mean content/images/x.jpg (static files sit at the site root).
        path = (content / unquote(src.split("#", 1)[0]).lstrip("/").removeprefix("./")).resolve()
        # The header's Image is made absolute by seo.py; in the text a relative address stays relative.
        if not src.startswith("/") and not in_header:
            problems.append(Problem(
                source.rel, line, f"the picture address {src} is relative, so it breaks on the post's own page",
                f"start it with a slash: /{src.removeprefix('./')}"))
    if not path.is_relative_to(content):
        problems.append(Problem(source.rel, line, f"the picture {src} is outside content/", _IMAGE_FIX))
    elif not path.is_file():
        problems.append(Problem(source.rel, line, f"the picture {src} is not there (looked for {_shown(path, root)})",
                                f"check the spelling, or {_IMAGE_FIX}"))
    return problems


def _html_attrs(tag: str) -> dict[str, str]:
    return {m["name"].lower(): (m["dq"] if m["dq"] is not None else m["sq"] if m["sq"] is not None else m["bare"])
            for m in _ATTR.finditer(tag)}


def _is_live(source: Source, now: datetime | None) -> bool:
    """Would the published site show it? (Not a draft, not hidden, not dated after the build instant.)"""
    if source.status != "published":
        return False
    return source.is_page or not integrity.is_future(parse_date(source.header.get("date") or ""), now)


def check_body(source: Source, content: Path, root: Path, by_path: dict[Path, Source],
               now: datetime | None) -> list[Problem]:
    """Pictures (alt text, file there), {filename} links (file there, published), blocks in the text."""
    problems: list[Problem] = []
    # The build's own block pass (charts, videos), so a chart it would refuse is refused here.
    if "```" in source.text or "~~~" in source.text:  # most posts have no block: skip splitting them
        render_blocks(source_lines(source.text), source.rel, content / "data", problems, lambda _html: "")
    text = _mask_code(source.text, _body_start(source))
    for offset, alt, src in integrity.reference_images(text):
        problems += _check_image(src, alt, _line_of(text, offset), source, content, root)
    image_spans = []
    for match in _MD_IMAGE.finditer(text):
        image_spans.append(match.span())
        problems += _check_image(match["src"], match["alt"], _line_of(text, match.start()), source, content, root)
    for match in _HTML_IMG.finditer(text):
        image_spans.append(match.span())
        attrs = _html_attrs(match.group())
        problems += _check_image(attrs.get("src", ""), attrs.get("alt"), _line_of(text, match.start()),
                                 source, content, root)
    for match in _INTERNAL_LINK.finditer(text):
        if any(a <= match.start() < b for a, b in image_spans):
            continue
        line, target = _line_of(text, match.start()), match["target"]
        path = _resolve(target, source, content)
        if not path.is_relative_to(content) or not path.is_file():
            problems.append(Problem(source.rel, line, f"the link {{{match['kind']}}}{target} points to no file "
                                                      f"(looked for {_shown(path, root)})",
                                    "check the spelling; write the path from content/, e.g. "
                                    "{filename}/posts/news/2021-01-20-welcome.md"))
        elif path in by_path and _is_live(source, now) and not _is_live(by_path[path], now):
            problems.append(Problem(source.rel, line, f"the link {{{match['kind']}}}{target} points to a post that "
                                                      "is not published (a draft, hidden, or dated later)",
                                    "remove the link until that post is published"))
    return problems


def _placeholders(source: Source) -> list[Problem]:
    """Text left from `make new` in something about to be published."""
    if source.status == "draft":
        return []
    problems = []
    for number, line in enumerate(source.text.splitlines(), start=1):
        marker = next((m for m in PLACEHOLDERS if m in line), None)
        if marker:
            problems.append(Problem(source.rel, number, f"text from the template is still here ({marker!r})",
                                    "write your own text, or keep the line `Status: draft` until it is ready"))
    return problems


def check_header(source: Source, cs: campaign_settings.CampaignSettings, content: Path,
                 root: Path) -> list[Problem]:
    """Title, Date, Category, Kind, Summary, Status, Image and the kind's own fields."""
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
        problems += _check_image(image, header.get("image_alt"), header.line("image"), source, content, root,
                                 in_header=True)
    if source.is_page:
        return problems
    raw_date = header.get("date")
    when = parse_date(raw_date) if raw_date else None
    if not raw_date:
        problems.append(Problem(rel, 1, "there is no Date", f"add a line `Date: {date.today():%Y-%m-%d}`"))
    elif when is None:
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


def _known_url(source: Source, conf: dict) -> str | None:
    """The address of a post or page that names its `Slug:` (the check does not slugify titles)."""
    slug = (source.header.get("slug") or "").strip()
    when = parse_date(source.header.get("date") or "")
    pattern = conf.get("PAGE_URL" if source.is_page else "ARTICLE_URL") or ""
    if not slug or (when is None and not source.is_page):
        return None
    try:
        return "/" + pattern.format(slug=slug, date=when or datetime(1970, 1, 1), lang="").lstrip("/")
    except (KeyError, IndexError, ValueError):
        return None  # an address pattern with other fields: the build still checks it


def check_redirects(sources: list[Source], content: Path, root: Path, conf: dict) -> list[Problem]:
    """`Redirect_from:` headers and content/redirects.toml: site paths, each old address used once."""
    found, problems = [], []
    for source in sources:
        got, wrong = redirects.parse_redirect_from(source.header.get("redirect_from"), source.rel, source.rel,
                                                   source.header.line("redirect_from"))
        found += got
        problems += wrong
    got, wrong = redirects.read_file(content, _shown(content / redirects.FILE, root))
    # Addresses of pages that name their slug; the build knows every page's and checks the rest.
    real = {url for s in sources if s.status == "published" and (url := _known_url(s, conf))}
    return problems + wrong + redirects.collisions(found + got, real)


@dataclass(frozen=True)
class Report:
    """What the one validation pass found: how many files, every problem, the pictures to publish."""

    count: int
    problems: list[Problem]
    images: frozenset[str] = frozenset()


def _claims(sources: list[Source], conf: dict, cs: campaign_settings.CampaignSettings,
            content: Path, root: Path) -> list[Claim]:
    """Every file the build would write, with who asks for it (site_plan.py has the rules)."""
    from pelican.utils import slugify

    claims, tags, years, live = [], set(), set(), 0
    subs = conf.get("TAG_REGEX_SUBSTITUTIONS", conf.get("SLUG_REGEX_SUBSTITUTIONS", []))
    for source in sources:
        header = source.header
        if source.status not in STATUSES or source.status == "hidden":
            continue
        slug = header.get("slug") or title_slug(header.get("title") or "", conf)
        if slug_problem(slug, source.rel, 1):
            continue  # reported already; an unsafe address is never written
        line = header.line("slug") if header.get("slug") else header.line("title")
        if source.is_page:
            if source.status == "published":
                pattern = conf.get("PAGE_SAVE_AS", "{slug}.html")
            else:
                pattern = conf.get("DRAFT_PAGE_SAVE_AS", "drafts/pages/{slug}.html")
            claims.append(Claim(pattern.format(slug=slug), source.rel, line, "the page"))
            continue
        when = parse_date(header.get("date") or "")
        if when is None:
            continue
        draft = source.status == "draft"
        pattern = conf.get("DRAFT_SAVE_AS" if draft else "ARTICLE_SAVE_AS", "{slug}.html")
        try:
            out = pattern.format(slug=slug, date=when, lang=conf.get("DEFAULT_LANG", ""))
        except (KeyError, IndexError, AttributeError):
            continue
        claims.append(Claim(out, source.rel, line, "the draft" if draft else "the post"))
        if _is_live(source, cs.now):
            live += 1
            years.add(when.year)
            tags |= {t.strip() for t in (header.get("tags") or "").split(",") if t.strip()}
    tag_slugs = sorted({slugify(t, regex_subs=subs) for t in tags})  # once per tag, not per post
    built_in = built_in_claims(conf, [s.slug for s in cs.sections], tag_slugs, sorted(years), live)
    # Built-in pages first: a content file that lands on one is the one reported.
    return built_in + static_claims(content, conf, root) + claims


def check_content(conf: dict, cs: campaign_settings.CampaignSettings, root: Path) -> Report:
    """The one validation pass, shared by `make check` and the build (build.py runs it first)."""
    root = Path(root).resolve()
    content = cs.content_dir
    problems: list[Problem] = []
    sources = (_sources(root, content, list(conf.get("ARTICLE_PATHS") or ["posts"]), False, problems)
               + _sources(root, content, list(conf.get("PAGE_PATHS") or ["pages"]), True, problems))
    by_path = {s.path.resolve(): s for s in sources}
    problems += picture_problems(root, content, conf)
    for source in sources:
        problems += check_header(source, cs, content, root)
        problems += check_body(source, content, root, by_path, cs.now)
        problems += _placeholders(source)
        problems += body_problems(source, conf.get("MARKDOWN") or {}, content / "data")
        problems += pelican_forms.check_text(source.rel, source.header, _mask_code(source.text, _body_start(source)),
                                             str(conf.get("DEFAULT_LANG") or "en"))
    problems += pelican_forms.check_rst_files(root, content, list(conf.get("ARTICLE_PATHS") or ["posts"])
                                              + list(conf.get("PAGE_PATHS") or ["pages"]))
    problems += check_redirects(sources, content, root, conf)
    problems += integrity.picture_problems(content, root)
    problems += integrity.data_problems(content, root)
    problems += find_collisions(_claims(sources, conf, cs, content, root))
    problems += _home_problems(conf, cs, sources, root)
    # Chart data files are named absolute by the block pass; show every path from the project folder.
    problems = [replace(p, path=_shown(Path(p.path), root)) if Path(p.path).is_absolute() else p for p in problems]
    unique = sorted(set(problems), key=lambda p: (p.path == BUILT_IN, p.path, p.line, p.message))
    live = [s.text for s in sources if _is_live(s, cs.now)]
    images = published_images(live, conf, cs.theme_dir, content, cs.public_images)
    return Report(len(sources), unique, frozenset(images))


def check_site(root: Path) -> tuple[int, list[Problem]]:
    """Check every post and page under the project `root`; return (how many checked, problems)."""
    root = Path(root).resolve()
    try:
        conf, cs = load_settings(root)
    except CampaignError as err:
        return 0, list(err.problems)
    report = check_content(conf, cs, root)
    return report.count, report.problems


def picture_problems(root: Path, content: Path, conf: dict) -> list[Problem]:
    """Pictures the build would refuse (images.picture_problems) in the static folders."""
    problems = []
    for folder in conf.get("STATIC_PATHS") or ["images"]:
        for path in sorted((content / folder).rglob("*")):
            if path.is_file():
                problems += images.picture_problems(path, _shown(path, root))
    return problems


def body_problems(source: Source, markdown_config: dict, data_dir: Path) -> list[Problem]:
    """What the build's sanitiser would remove from the body and summary (reader.py does the same)."""
    from markdown import Markdown

    from ..markdown.blocks import BlocksExtension
    from ..markdown.sanitise import made_safe

    found: list[Problem] = []
    # Blocks are our own HTML, left out of what is sanitised; their own problems are not this
    # function's to report (a separate list).
    blocks = BlocksExtension(source.rel, data_dir, [])
    # Blocks leave no marker in this pass: the method is replaced on this one object only.
    blocks.marker = lambda html: ""  # type: ignore[method-assign]  # noqa: ARG005
    config = dict(markdown_config)
    # As Pelican's MarkdownReader does: every configured extension is loaded.
    names = [*config.get("extensions", []), *[e for e in config.get("extension_configs", {})
                                              if e not in config.get("extensions", [])]]
    md = Markdown(**{**config, "extensions": [*names, blocks]})
    body = md.convert(source.text)
    summary = source.header.get("summary")
    meta = {"summary": md.reset().convert(summary)} if summary else {}
    made_safe(body, meta, source.text, source.rel, blocks, found)
    return found


def _home_problems(conf: dict, cs, sources: list[Source], root: Path) -> list[Problem]:
    """The home page's links (HOME_* settings) against the sections and the pages that go live."""
    from ..content.home import home_blocks

    pattern = str(conf.get("PAGE_URL") or "{slug}/")
    pages = {}
    for s in sources:
        if s.is_page and s.status == "published":
            slug = (s.header.get("slug") or "").strip() or title_slug(s.header.get("title") or s.path.stem, conf)
            pages[slug] = pattern.format(slug=slug)
    conf_file = str(root / "pelicanconf.py")
    return home_blocks(conf, cs.sections, pages.get,
                       lambda name: campaign_settings.setting_line(name, conf_file))[1]


def main(root: Path) -> int:
    """Print every problem, then one summary line; 0 when the site is clean, else 1."""
    count, problems = check_site(root)
    for problem in problems:
        print(problem)
    if not problems:
        print(f"Checked {count} posts and pages: no problems.")
        return 0
    files = len({p.path for p in problems})
    print(f"Checked {count} posts and pages: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
          f"in {files} file{'s' if files != 1 else ''}. Fix each one at the line shown, then run `make check` again.")
    return 1
