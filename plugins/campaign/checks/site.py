"""`make check`: every problem in every post and page at once, each as `path:line: what — fix`.

The one validation pass, shared by `make check` and the build (tools/build.validate). Each file
is judged on its own (per_file.py), and that verdict is kept while the file, the settings and
the code are unchanged (verdicts.py); the checks across files (addresses that collide, links
between posts, the home page's links, redirects) run on every pass, from the verdicts.
The kind rules come from the same parsers the build uses (content/kinds.py).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .. import settings as campaign_settings
from ..cache.derived import Derived
from ..content import redirects
from ..content.slugs import Claim, find_collisions, slug_problem
from ..errors import CampaignError, Problem
from ..outputs import images
from ..outputs.image_use import published_images
from . import integrity, pelican_forms
from .per_file import STATUSES, Resolver, Source, Verdict, is_live, live_problems, parse_date, shown
from .site_plan import BUILT_IN, built_in_claims, static_claims
from .verdicts import LABEL, Read, verdicts

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
MAX_SOURCE_BYTES = 2_000_000  # a long report is ~100 KB; far beyond that is a mistake, not prose


def load_settings(root: Path) -> tuple[dict, campaign_settings.CampaignSettings]:
    """pelicanconf.py's settings read as the build reads them (Pelican's read_settings), validated."""
    from pelican.settings import read_settings

    conf = read_settings(str(root / "pelicanconf.py"))
    return conf, campaign_settings.load(conf)


def _read(root: Path, content: Path, folders: list[str], is_page: bool, problems: list[Problem]) -> list[Read]:
    found = []
    for folder in folders:
        # Sorted by parts, which is Path's own order (sorting Paths themselves is slower).
        for path in sorted((content / folder).rglob("*"), key=lambda p: p.parts):
            if path.suffix.lower() not in MARKDOWN_SUFFIXES:
                continue
            rel = shown(path, root)
            try:
                # Opened, not first asked is_file(): a link to nowhere is read (and fails) by Pelican too,
                # so it is reported; a folder is skipped.
                with path.open("rb") as file:
                    if os.fstat(file.fileno()).st_size > MAX_SOURCE_BYTES:
                        problems.append(Problem(rel, 1, f"the file is larger than {MAX_SOURCE_BYTES // 1_000_000} MB",
                                                "split it into several posts, or move tables of figures "
                                                "into content/data/"))
                        continue
                    data = file.read()
            except IsADirectoryError:
                continue
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
            found.append(Read(path, rel, data, text, is_page))
    return found


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
    got, wrong = redirects.read_file(content, shown(content / redirects.FILE, root))
    # Addresses of pages that name their slug; the build knows every page's and checks the rest.
    real = {url for s in sources if s.status == "published" and (url := _known_url(s, conf))}
    return problems + wrong + redirects.collisions(found + got, real)


@dataclass(frozen=True)
class Report:
    """What the one validation pass found: how many files, every problem, the pictures to publish."""

    count: int
    problems: list[Problem]
    images: frozenset[str] = frozenset()
    reused: int = 0  # files whose kept verdict was used (verdicts.py), not judged again


def _claims(checked: list[tuple[Source, Verdict]], conf: dict, cs: campaign_settings.CampaignSettings,
            content: Path, root: Path) -> list[Claim]:
    """Every file the build would write, with who asks for it (site_plan.py has the rules)."""
    from pelican.utils import slugify

    claims, tags, years, live = [], set(), set(), 0
    subs = conf.get("TAG_REGEX_SUBSTITUTIONS", conf.get("SLUG_REGEX_SUBSTITUTIONS", []))
    for source, verdict in checked:
        header = source.header
        if source.status not in STATUSES or source.status == "hidden":
            continue
        slug = verdict.slug
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
        if is_live(source, cs.now):
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
    files = (_read(root, content, list(conf.get("ARTICLE_PATHS") or ["posts"]), False, problems)
             + _read(root, content, list(conf.get("PAGE_PATHS") or ["pages"]), True, problems))
    derived = Derived.for_settings(conf)
    checked = verdicts(files, conf, cs, root, derived)
    sources = [source for source, _verdict in checked]
    resolve = Resolver()
    live_flags = [is_live(s, cs.now) for s in sources]
    going_live = {resolve.real(str(s.path)): flag for s, flag in zip(sources, live_flags, strict=True)}
    problems += picture_problems(root, content, conf)
    for source, verdict in checked:
        problems += verdict.problems
        problems += live_problems(verdict, source, content, root, going_live, cs.now, resolve)
    problems += pelican_forms.check_rst_files(root, content, list(conf.get("ARTICLE_PATHS") or ["posts"])
                                              + list(conf.get("PAGE_PATHS") or ["pages"]))
    problems += check_redirects(sources, content, root, conf)
    problems += integrity.picture_problems(content, root)
    problems += integrity.data_problems(content, root)
    problems += find_collisions(_claims(checked, conf, cs, content, root))
    problems += _home_problems(conf, cs, checked, root)
    # Chart data files are named absolute by the block pass; show every path from the project folder.
    problems = [replace(p, path=shown(Path(p.path), root)) if Path(p.path).is_absolute() else p for p in problems]
    # The fix is the last key: problems alike but for it come in one order, whichever ran first.
    unique = sorted(set(problems), key=lambda p: (p.path == BUILT_IN, p.path, p.line, p.message, p.fix))
    used = [verdict.mentions for (_source, verdict), flag in zip(checked, live_flags, strict=True) if flag]
    images = published_images(used, conf, cs.theme_dir, content, cs.public_images)
    return Report(len(sources), unique, frozenset(images), derived.reused.get(LABEL, 0))


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
                problems += images.picture_problems(path, shown(path, root))
    return problems


def _home_problems(conf: dict, cs: campaign_settings.CampaignSettings, checked: list[tuple[Source, Verdict]],
                   root: Path) -> list[Problem]:
    """The home page's links (HOME_* settings) against the sections and the pages that go live."""
    from ..content.home import home_blocks

    pattern = str(conf.get("PAGE_URL") or "{slug}/")
    pages = {}
    for source, verdict in checked:
        if source.is_page and source.status == "published":
            pages[verdict.page_slug] = pattern.format(slug=verdict.page_slug)
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
