"""Each file's own verdict (per_file.judge), kept between runs through the one cache seam.

Judging a post costs milliseconds (its Markdown converted and sanitised as the build would);
at 1000 posts that was most of `make check` and of every build's check pass. A verdict is kept
under the label "check verdict", keyed by everything per_file.judge reads (its module says what
that is): the file's bytes, its path, whether it is a page, and `settings_digest` (the project
folder, the settings but for the few that change on every build, the data files); Derived adds
the plugin's code and libraries. What depends on other files or on the instant is never in a
verdict (per_file.live_problems judges it on every run), so no day is in the key.

Every verdict, kept or just made, goes through its bytes (to_bytes, from_bytes), so a run
that reuses verdicts and one that makes them all read the same thing: one judgement.
A damaged entry fails its digest in the seam and is judged again.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .. import settings as campaign_settings
from ..cache.content import files_digest, markdown_config
from ..cache.derived import Derived
from ..content.header import Field, Header, parse_header
from ..errors import Problem
from ..interrupt import worker_pool
from ..outputs.finish import LIVE_PREVIEW_SETTING, STATS_SETTING
from ..outputs.image_use import PUBLISHED_IMAGES
from ..outputs.store import PREVIOUS_SETTING, STORE_SETTING
from .per_file import Link, Picture, Source, Verdict, judge

if TYPE_CHECKING:
    from ..markdown.reader import CampaignMarkdownReader, Conversion

LABEL = "check verdict"
#: Below this many files to judge, starting worker processes costs more than it saves.
MIN_FILES = 16
MAX_WORKERS = 4
#: What forked workers judge, and the reader that reads each file for the build (_converted).
_job: tuple[Sequence[Read], dict, campaign_settings.CampaignSettings, CampaignMarkdownReader | None] | None = None
logger = logging.getLogger(__name__)
#: Settings that name this one build, not the site: where it writes, the instant, the site it
#: replaces, records the build keeps in its settings. No verdict reads them (per_file's
#: invariant); in the key they would make every build judge every file again.
PER_BUILD = frozenset({"OUTPUT_PATH", "CAMPAIGN_TODAY", PREVIOUS_SETTING, PUBLISHED_IMAGES,
                       STATS_SETTING, STORE_SETTING, LIVE_PREVIEW_SETTING,
                       # Where the caches are kept changes no verdict (a cache copied elsewhere still serves).
                       "CAMPAIGN_CACHE_PATH", "CACHE_PATH"})


@dataclass(frozen=True)
class Read:
    """One post or page as read from disk: its bytes (the key) and text."""

    path: Path
    rel: str
    data: bytes
    text: str
    is_page: bool


def _plain(value: object) -> object:
    """`value` as JSON that is the same in every process (sets sorted; other objects by repr)."""
    if isinstance(value, dict):
        return sorted(([_plain(k), _plain(v)] for k, v in value.items()), key=repr)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v) for v in value), key=repr)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    # A Path, a dataclass: its repr. An object shown by its address differs in every process,
    # so it costs a judgement per run, never a stale verdict.
    return repr(value)


def settings_digest(conf: dict, cs: campaign_settings.CampaignSettings, root: Path) -> str:
    """sha256 of everything a verdict reads besides its file: folders, settings, data files."""
    values = {k: v for k, v in conf.items() if k not in PER_BUILD and not k.startswith("_")}
    # MARKDOWN as the reader completes it: Pelican's reader adds keys to that dict in place (and a
    # site that does not set it shares Pelican's default dict), so after a build in this process
    # the raw value differs and every verdict would be judged again.
    values["MARKDOWN"] = markdown_config(conf)
    # The validated settings too, without the instant and without the sections' intros: those
    # come from content/sections/*.md, other files than a verdict may read (per_file's invariant).
    timeless = replace(cs, now=None, today=date.min, cache_root=Path(),
                       sections=tuple(replace(section, intro_html="") for section in cs.sections))
    data = files_digest(cs.content_dir / "data", "*")
    text = json.dumps([str(root), str(cs.content_dir), _plain(values), repr(timeless), data])
    return hashlib.sha256(text.encode()).hexdigest()


def to_bytes(verdict: Verdict) -> bytes:
    """The verdict as JSON."""
    header = verdict.header
    return json.dumps({
        "fields": {key: [f.value, f.line] for key, f in header.fields.items()},
        "body_line": header.body_line, "repeated": header.repeated, "continued": header.continued,
        "problems": [[p.path, p.line, p.message, p.fix] for p in verdict.problems],
        "pictures": [[p.src, p.alt, p.line, p.in_header] for p in verdict.pictures],
        "links": [[k.kind, k.target, k.line] for k in verdict.links],
        "dateless": verdict.dateless, "mentions": verdict.mentions,
        "slug": verdict.slug, "page_slug": verdict.page_slug,
    }, ensure_ascii=False).encode()


def from_bytes(data: bytes) -> Verdict:
    """The verdict `to_bytes` wrote."""
    raw = json.loads(data)
    header = Header({key: Field(value, line) for key, (value, line) in raw["fields"].items()}, raw["body_line"],
                    tuple((key, line) for key, line in raw["repeated"]),
                    tuple((line, text) for line, text in raw["continued"]))
    return Verdict(header, tuple(Problem(*p) for p in raw["problems"]),
                   tuple(Picture(*p) for p in raw["pictures"]), tuple(Link(*k) for k in raw["links"]),
                   raw["dateless"], tuple(raw["mentions"]), raw["slug"], raw["page_slug"])


def verdicts(files: Sequence[Read], conf: dict, cs: campaign_settings.CampaignSettings, root: Path,
             derived: Derived) -> list[tuple[Source, Verdict]]:
    """Every file's source and verdict, in order: kept ones reused, the rest judged and kept."""
    base = settings_digest(conf, cs, root).encode()
    inputs = [[("settings", base), ("path", str(f.path).encode()), ("rel", f.rel.encode()),
               ("page", b"1" if f.is_page else b"0"), ("bytes", f.data)] for f in files]

    def make(missing: list[int]) -> list[bytes]:
        return _judge_all([files[i] for i in missing], conf, cs)

    found = [from_bytes(data) for data in derived.get_many(LABEL, inputs, make)]
    return [(_source(f, v.header), v) for f, v in zip(files, found, strict=True)]


def _source(read: Read, header: Header) -> Source:
    return Source(read.path, read.rel, read.text, header, read.is_page)


def _judged(index: int) -> bytes:
    if _job is None:
        raise RuntimeError("a file is judged only inside _judge_all")
    files, conf, cs, reader = _job
    read = files[index]
    source = _source(read, parse_header(read.text))
    return to_bytes(judge(source, conf, cs, _converted(reader, read)))


def _converted(reader: CampaignMarkdownReader | None, read: Read) -> Conversion | None:
    """The build's reader reads the file now (its result kept in the content cache for the build),
    and its Markdown conversion is what the check judges: each file converted once, not twice."""
    if reader is None:
        return None
    reader.problems.clear()  # the reader's own problems: the check finds each one itself
    try:
        reader.read(str(read.path))
    except Exception:  # noqa: BLE001 - Pelican reads it again and reports it; the check converts it itself
        return None
    return reader.conversion


def _reader(conf: dict) -> CampaignMarkdownReader | None:
    """The build's reader, when it keeps what it reads (the content cache); else the check converts alone."""
    if not campaign_settings.setting(conf, "CAMPAIGN_CONTENT_CACHE"):
        return None
    from ..markdown.reader import reader_for  # Pelican's readers: only once files are to be judged

    return reader_for(conf)


def _judge_all(files: list[Read], conf: dict, cs: campaign_settings.CampaignSettings) -> list[bytes]:
    """Each file's verdict as bytes, in order; on every core (CAMPAIGN_READ_WORKERS) when many are missing.

    Each file is also read by the build's reader (_converted), which keeps the result in the
    content cache, so the build's read-ahead (markdown/read_ahead.py) finds it there.
    """
    global _job  # noqa: PLW0603 - forked workers inherit it: they are given only the file's index
    workers = cs.read_workers or min(MAX_WORKERS, os.cpu_count() or 1)
    _job = (files, conf, cs, _reader(conf))
    try:
        # Without fork (Windows) a worker would import everything again: judged here, one by one.
        if workers <= 1 or len(files) < MIN_FILES or "fork" not in multiprocessing.get_all_start_methods():
            return [_judged(i) for i in range(len(files))]
        with worker_pool(workers) as pool:
            made = list(pool.map(_judged, range(len(files)), chunksize=max(1, len(files) // (workers * 8))))
        logger.info("Read %d files not in the content cache, in %d processes (with their check)", len(files), workers)
        return made
    finally:
        _job = None
