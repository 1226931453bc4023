"""Is the site up to date? Decided exactly, before Pelican (or anything heavy) is loaded.

A successful build records, in the campaign cache (uptodate/<output folder's digest>.json):
- a fingerprint of every input: each file under the content, theme and plugin folders and the
  settings files (name and sha256 of the bytes: cache/fingerprint.py), Pelican's settings after
  read_settings with this build's overrides, the environment the build reads, the installed
  packages, the system's fonts and packages, and the build instant when it is fixed
  (--today, CAMPAIGN_TODAY);
- `valid_until`: when the build instant comes from the clock, the first instant at which a
  build could make a different site (dates.output_valid_until: a post's embargo ends, the
  day ends);
- the output folder's manifest (every entry's path, size, mtime, ctime and inode).

The next build with the same fingerprint, the same manifest and the clock before `valid_until`
does not run Pelican: the folder it would make is the one already there (every rebuild is
byte-identical to a clean build). Anything else builds. A failed build records nothing, so the
record always describes the site in the output folder.
"""
from __future__ import annotations

import importlib.machinery
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..cache import fingerprint as fp
from ..cache.files import output_record, prune, read_entry, write_entry
from .settings_reader import installed, read_settings

#: Bumped when the record's meaning changes: an older record is then simply out of date.
RECORD_VERSION = 1
#: Environment variables the build (or a library under it, in C) reads besides those the settings
#: files read (recorded while they run) and every CAMPAIGN_* / PELICAN* one.
ENVIRONMENT = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_TIME", "LC_COLLATE", "LC_NUMERIC", "LC_MESSAGES",
               "TZ", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "PATH", "LD_LIBRARY_PATH", "HOME",
               "FONTCONFIG_FILE", "FONTCONFIG_PATH", "XDG_DATA_DIRS", "XDG_CONFIG_HOME")
ENVIRONMENT_PREFIXES = ("CAMPAIGN_", "PELICAN")
#: System files whose change means new system packages or fonts (WeasyPrint's Pango and
#: fontconfig shape the PDFs): the package database, and the font folders, as fontconfig's own
#: cache judges them (each folder's mtime).
PACKAGE_DATABASE = Path("/var/lib/dpkg/status")
FONT_FOLDERS = ("/etc/fonts", "/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts")
#: Page URL settings: a page without a Date takes the clock's now for `{date}` (Pelican's url_format).
_PAGE_URLS = ("PAGE_URL", "PAGE_SAVE_AS", "PAGE_LANG_URL", "PAGE_LANG_SAVE_AS", "DRAFT_PAGE_URL",
              "DRAFT_PAGE_SAVE_AS", "DRAFT_PAGE_LANG_URL", "DRAFT_PAGE_LANG_SAVE_AS")
#: Settings naming folders that are not inputs (the output, caches) or are read as inputs already.
_NOT_INPUTS = frozenset({"OUTPUT_PATH", "CACHE_PATH", "CAMPAIGN_CACHE_PATH", "PATH", "THEME", "PLUGIN_PATHS"})
logger = logging.getLogger(__name__)


# --- The other inputs ------------------------------------------------------------------------

def _environment(read_names: set[str]) -> dict[str, str | None]:
    if "*" in read_names:
        return dict(os.environ)
    names = set(ENVIRONMENT) | read_names | {n for n in os.environ if n.startswith(ENVIRONMENT_PREFIXES)}
    return {name: os.environ.get(name) for name in sorted(names)}


def _stat_key(path: Path) -> list[int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ino]


def _packages() -> dict[str, object]:
    """Every installed distribution (its name and version are its folder's name; its RECORD
    changes when it is installed again), and the Python running the build."""
    found: dict[str, object] = {"python": [sys.version, sys.executable]}
    for entry in sys.path:
        if not entry.endswith(("site-packages", "dist-packages")) or not os.path.isdir(entry):
            continue
        for item in os.scandir(entry):
            if item.name.endswith((".dist-info", ".egg-info", ".pth", ".egg-link")):
                found[f"{entry}/{item.name}"] = _stat_key(Path(item.path) / "RECORD") or _stat_key(Path(item.path))
    return found


def _system() -> dict[str, object]:
    found: dict[str, object] = {str(PACKAGE_DATABASE): _stat_key(PACKAGE_DATABASE)}
    for folder in FONT_FOLDERS:
        root = Path(folder).expanduser()
        for here, _dirs, _files in os.walk(root):
            found[here] = _stat_key(Path(here))
    return found


def _editor(settings: dict) -> tuple[dict[str, Path], str | None]:
    """The web editor's inputs when it is on: Decap's files, and the branch it commits to."""
    from ..settings import setting

    if not (setting(settings, "CAMPAIGN_EDITOR") or setting(settings, "CAMPAIGN_EDITOR_LOCAL")):
        return {}, None
    import subprocess

    from ..editor.admin import DECAP_DIST

    try:
        done = subprocess.run(["git", "-C", str(settings.get("PATH") or "content"), "rev-parse", "--abbrev-ref",
                               "HEAD"], capture_output=True, text=True, timeout=10, check=False)
        branch = f"{done.returncode}:{done.stdout.strip()}"
    except (OSError, subprocess.SubprocessError) as err:
        branch = f"git: {type(err).__name__}"
    return {"decap": DECAP_DIST}, branch


def _code(settings: dict) -> dict[str, Path]:
    """The plugins' code, found as Pelican finds it (PLUGIN_PATHS first, then sys.path), the
    PLUGIN_PATHS folders, and this package (the build's own code), unless installed."""
    paths = [str(p) for p in settings.get("PLUGIN_PATHS") or []]
    found = {f"plugins:{path}": Path(path) for path in paths}
    found["code"] = Path(__file__).resolve().parents[1]
    for plugin in settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        spec = importlib.machinery.PathFinder.find_spec(name.split(".")[0], [*paths, *sys.path]) if name else None
        if spec is None:
            continue  # the build says it cannot find it
        places = list(spec.submodule_search_locations or []) or ([spec.origin] if spec.origin else [])
        found |= {f"plugin:{place}": Path(place) for place in places if not installed(Path(place).resolve())}
    return found


def _named_paths(settings: dict) -> dict[str, Path]:
    """Files and folders other settings name (THEME_TEMPLATES_OVERRIDES, a logo...): every
    absolute path in a value that exists, and the template folders even when relative."""
    found: dict[str, Path] = {}
    # A folder holding the output or the content (the project's, "/") is no input of its own:
    # walking it would read the site, the caches and the virtual environment on every decision.
    around = [Path(str(settings[name])).resolve() for name in ("OUTPUT_PATH", "PATH") if settings.get(name)]

    def walk(name: str, value: object) -> None:
        if isinstance(value, str) and os.path.isabs(value) and os.path.exists(value):
            path = Path(value).resolve()
            if not installed(path) and not any(inner.is_relative_to(path) for inner in around):
                found[f"named:{name}:{value}"] = Path(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(name, item)
        elif isinstance(value, (list, tuple, set, frozenset)):
            for item in value:
                walk(name, item)

    for name, value in settings.items():
        if name not in _NOT_INPUTS:
            walk(name, value)
    for folder in settings.get("THEME_TEMPLATES_OVERRIDES") or []:
        found[f"named:THEME_TEMPLATES_OVERRIDES:{folder}"] = Path(folder)
    return found


def _fixed_instant(settings: dict) -> str | None:
    """The build instant when it is fixed (the CAMPAIGN_TODAY setting, else the variable), else None."""
    from ..settings import setting

    value = setting(settings, "CAMPAIGN_TODAY") or os.environ.get("CAMPAIGN_TODAY") or None
    return None if value is None else str(value)


# --- The record ------------------------------------------------------------------------------

@dataclass
class Fingerprint:
    """Every input of one build, taken before it runs (an edit during the build shows next time)."""

    parts: dict[str, str]  # input class -> digest
    files: dict[str, fp.FileRecord]
    taken_ns: int
    record: Path
    zone: str
    fixed: bool
    future_dates: bool  # Pelican's WITH_FUTURE_DATES (False: it compares dates with the clock)
    pages_dated_by_clock: bool  # a page URL pattern uses {date}: an undated page takes the clock's
    files_read: int = 0  # files hashed (the rest were known by their unchanged stat)
    mtimes_read: bool = False  # the build reads files' dates (DEFAULT_DATE = "fs")


@dataclass
class Decision:
    """Whether to build, why, and the fingerprint to record after a successful build."""

    up_to_date: bool
    reason: str
    fingerprint: Fingerprint | None = None
    #: When only files changed (and the output and the build's window are as recorded): their
    #: names (tools/body_edit.py takes it from there), the recorded output manifest and window.
    changed: list[str] | None = None
    manifest: str | None = None
    valid_until: float | None = None


def record_path(settings: dict, output: Path) -> Path:
    """Where the record of builds into `output` is kept (under CAMPAIGN_CACHE_PATH)."""
    from ..settings import cache_root

    return output_record(cache_root(settings), "uptodate", output)


def _load(path: Path) -> dict | None:
    data = read_entry(path)
    try:
        record = json.loads(data) if data is not None else None
    except ValueError:
        return None
    return record if isinstance(record, dict) and record.get("version") == RECORD_VERSION else None


def take(settings_file: str, output: Path, overrides: dict) -> tuple[Fingerprint, dict | None]:
    """The fingerprint of a build of `settings_file` into `output`, and the record of the last
    build there (None: none, or unreadable). Unstable: a setting has no stable form."""
    taken_ns = time.time_ns()
    read = read_settings(settings_file, output, overrides)
    s = read.settings
    record = record_path(s, output)
    old = _load(record)
    folders = {"content": Path(s["PATH"]), "theme": Path(s["THEME"]), **_code(s), **_named_paths(s),
               **{f"settings:{path}": path for path in read.files}}
    decap, branch = _editor(s)
    folders.update(decap)
    skip = frozenset({output, record.parent.parent.resolve(), *(Path(str(s[name])).resolve()
                                                                 for name in _NOT_INPUTS if s.get(name) and "CACHE" in name)})
    trusted_before = int(old["taken_ns"]) - fp.RACY_NS if old else 0
    files, files_read = fp.folder_files(folders, old["files"] if old else {}, trusted_before, skip)
    fixed = _fixed_instant(s)
    parts = {
        "settings": fp.stable_digest(s),
        "environment": fp.stable_digest(_environment(read.environment)),
        "packages": fp.stable_digest(_packages()),
        "system": fp.stable_digest(_system()),
        "files": fp.files_identity(files, with_mtimes=s.get("DEFAULT_DATE") == "fs"),
        "build instant": fp.stable_digest(["fixed", fixed] if fixed else ["clock"]),
        "editor": fp.stable_digest(branch),
    }
    dated = any("{date" in str(s.get(name) or "") for name in _PAGE_URLS)
    return Fingerprint(parts, files, taken_ns, record, str(s.get("TIMEZONE") or "UTC"), fixed is not None,
                       bool(s.get("WITH_FUTURE_DATES", True)), dated, files_read, s.get("DEFAULT_DATE") == "fs"), old


def _first_change(old: dict, new: Fingerprint) -> str:
    """Which input differs from the record, in words."""
    changed = [name for name, digest in new.parts.items() if old.get("parts", {}).get(name) != digest]
    if changed != ["files"]:
        return f"the {', '.join(changed)} changed"
    before, after = old.get("files", {}), new.files
    for name in sorted(set(before) | set(after)):
        if name not in after:
            return f"{name} was deleted"
        if name not in before:
            return f"{name} is new"
        if before[name][4] != after[name][4]:
            return f"{name} changed"
    return 'a file\'s date changed (DEFAULT_DATE = "fs" reads it)'


def _only_files(decision: Decision, old: dict, output: Path) -> None:
    """Note in `decision` which files changed when nothing else did: the same other inputs, the
    build's window still open, the output folder as the last build left it."""
    new = decision.fingerprint
    assert new is not None
    if new.mtimes_read or [n for n, d in new.parts.items() if old.get("parts", {}).get(n) != d] != ["files"]:
        return
    until = old.get("valid_until")
    if until is not None and time.time() >= until:
        return
    manifest = fp.output_manifest(output)
    if manifest != old.get("output"):
        return
    before = old.get("files", {})
    decision.changed = sorted(name for name in set(before) | set(new.files)
                              if name not in before or name not in new.files or before[name][4] != new.files[name][4])
    decision.manifest, decision.valid_until = manifest, until


def decide(settings_file: str, output: Path, overrides: dict) -> Decision:
    """Is the site in `output` what a build of `settings_file` with `overrides` would make now?"""
    output = output.resolve()
    try:
        new, old = take(settings_file, output, overrides)
    except fp.Unstable as err:
        return Decision(False, f"a setting has no stable form ({err}), so no build is ever skipped")
    if old is None:
        return Decision(False, "no earlier build into this folder is recorded", new)
    if old.get("parts") != new.parts:
        decision = Decision(False, _first_change(old, new), new)
        _only_files(decision, old, output)
        return decision
    valid_until = old.get("valid_until")
    if valid_until is not None and time.time() >= valid_until:
        return Decision(False, "the build day ended, or a post's date and time came", new)
    if fp.output_manifest(output) != old.get("output"):
        return Decision(False, f"a file in {output.name}/ was changed, added or deleted since the build", new)
    if new.files_read:
        # Files touched but unchanged were read again: remember their new stat, so they are not.
        _write(new, old["output"], valid_until)
    return Decision(True, "nothing changed since the last build", new)


def valid_until(fingerprint: Fingerprint, built: dict) -> float | None:
    """When the site just built stops being what a build would make (None: never, the build
    instant being fixed), as a POSIX time. `built`: the settings the build ran with."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from ..content.dates import output_valid_until
    from ..content.visibility import POST_INSTANTS

    taken = fingerprint.taken_ns / 1e9
    instants = built.get(POST_INSTANTS)
    if instants is None or fingerprint.pages_dated_by_clock:
        return taken  # the build's dependence on the clock is not known: never skip it
    # Every read of the clock during the build came after `taken`, and build_now drops the seconds.
    ref = datetime.fromtimestamp(taken, ZoneInfo(fingerprint.zone)).replace(second=0, microsecond=0)
    limits = [] if fingerprint.fixed else [output_valid_until(ref, fingerprint.zone, instants)]
    if not fingerprint.future_dates:
        # Pelican itself makes a post dated after the clock's now a draft (WITH_FUTURE_DATES = False).
        limits += [i for i in instants if i > ref]
    return min(limits).timestamp() if limits else None


def _write(fingerprint: Fingerprint, output_manifest: str, until: float | None) -> None:
    data = {"version": RECORD_VERSION, "parts": fingerprint.parts, "files": fingerprint.files,
            "taken_ns": fingerprint.taken_ns, "output": output_manifest, "valid_until": until}
    try:
        write_entry(fingerprint.record, json.dumps(data, separators=(",", ":")).encode())
        prune(fingerprint.record.parent)  # records of folders no longer built (a publish's temporary one)
    except OSError as err:  # a read-only cache: every build then runs, as before
        logger.info("Could not record the build in %s (%s); the next build will not be skipped",
                    fingerprint.record, err)


def keep(fingerprint: Fingerprint, manifest: str, until: float | None, instants: list | None = None) -> None:
    """Record a build that changed only posts' text (tools/body_edit.py) or one header
    (tools/header_path.py): its inputs, the output folder's `manifest` after it, and the window
    of the build it updated (text moves no date), or, when a header edit moved a date, the
    window a full build records for the posts' new `instants`."""
    from ..content.visibility import POST_INSTANTS

    if instants is not None:
        until = valid_until(fingerprint, {POST_INSTANTS: instants})
    _write(fingerprint, manifest, until)


def record(fingerprint: Fingerprint, output: Path, built: dict, made: int | None = None) -> str | None:
    """After a successful build into `output` (swapped in): keep its fingerprint, its window and
    its folder's manifest for the next decision; that manifest (None: nothing recorded).

    `made`: the inode of the folder this build made. Another build of the same folder could swap
    its site in meanwhile (a second `make html` started with other inputs); then this record would
    pair these inputs with that site, so nothing is recorded and the next build runs.
    """
    output = output.resolve()

    def ours() -> bool:
        try:
            return made is None or output.lstat().st_ino == made
        except FileNotFoundError:
            return False

    if not ours():
        return None
    manifest = fp.output_manifest(output)
    if not ours():  # still: the manifest is of this build's site
        return None
    _write(fingerprint, manifest, valid_until(fingerprint, built))
    return manifest
