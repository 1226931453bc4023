"""Fingerprints for the up-to-date decision (tools/uptodate.py): folders of files, settings
values, and an output folder. No feature, no Pelican: paths and values in, digests out.

A file is known by its name and the sha256 of its bytes. Hashing every input on every
decision costs little at 1000 posts, but re-reading none costs less, so a file's digest is
reused from the last fingerprint while its size, mtime, ctime and inode are all the same (git's
index does this). ctime cannot be set back by anyone but the kernel, so an edit that restores
the size and mtime (`touch -r`, `cp -p` over it) still shows. A file changed within RACY_NS of
the fingerprint that read it is read again next time: a second edit within one tick of the
file system's clock could leave every stat field as it was ("racily clean", as git says).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path, PurePath

#: Files changed this close (ns) before the fingerprint that read them are read again next time.
RACY_NS = 2_000_000_000
#: Folders never part of an input: Python's byte-code (made from the .py files, which are).
SKIPPED_NAMES = frozenset({"__pycache__"})

#: Deeper than this, a settings value is taken for one that holds itself.
MAX_DEPTH = 40
#: One file: [size, mtime_ns, ctime_ns, inode, sha256 of the bytes].
FileRecord = list


class Unstable(ValueError):
    """A value with no stable form (an object whose only text is its address): settings, a page's inputs."""


def _files(folder: Path, skip: frozenset[str]) -> Iterator[tuple[str, os.stat_result]]:
    """Every file under `folder` (links followed, as Pelican follows them), by name from it;
    `folder` itself (named "") when it is a file. Paths stay strings: Path objects for thousands
    of files cost more than the stat calls."""
    try:
        top = folder.stat()
    except OSError:
        return
    if not stat.S_ISDIR(top.st_mode):
        yield "", top
        return
    seen = {(top.st_dev, top.st_ino)}
    stack = [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            entries = list(os.scandir(here))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name in SKIPPED_NAMES or entry.path in skip:
                continue
            try:
                st = entry.stat()
            except FileNotFoundError:  # a dangling link: nothing to read, as for Pelican
                continue
            if not stat.S_ISDIR(st.st_mode):
                yield f"{prefix}{entry.name}", st
            elif (st.st_dev, st.st_ino) not in seen:  # not a link back up the tree
                seen.add((st.st_dev, st.st_ino))
                stack.append((entry.path, f"{prefix}{entry.name}/"))


def _sha256(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def folder_files(folders: dict[str, Path], known: dict[str, FileRecord], trusted_before_ns: int,
                 skip: frozenset[Path] = frozenset()) -> tuple[dict[str, FileRecord], int]:
    """Every file under each labelled folder or file (`label/name` -> FileRecord; a folder inside
    another is read once, under the outer one's label), and how many files were read.

    A digest in `known` is reused when the file's stat is unchanged and its last change came
    before `trusted_before_ns` (the last fingerprint's time less RACY_NS); any other file is read.
    """
    found: dict[str, FileRecord] = {}
    read = 0
    roots = {path.resolve(): label for label, path in folders.items()}
    outer = {path: label for path, label in roots.items()
             if not any(path != other and path.is_relative_to(other) for other in roots)}
    skipped = frozenset(str(path) for path in skip)
    for folder, label in sorted(outer.items(), key=lambda item: item[1]):
        for name, st in _files(folder, skipped):
            key = f"{label}/{name}" if name else label
            now = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
            old = known.get(key)
            if old is not None and old[:4] == now and max(st.st_mtime_ns, st.st_ctime_ns) < trusted_before_ns:
                found[key] = old
                continue
            try:
                found[key] = [*now, _sha256(folder / name if name else folder)]
            except FileNotFoundError:  # deleted while we looked: it is not an input any more
                continue
            read += 1
    return found, read


def files_identity(files: dict[str, FileRecord], with_mtimes: bool = False) -> str:
    """The digest of names and bytes (and mtimes, when the build reads them: DEFAULT_DATE = "fs")."""
    parts = {name: [rec[4], rec[1]] if with_mtimes else rec[4] for name, rec in files.items()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def output_manifest(folder: Path) -> str:
    """A digest of every entry under `folder` (path, type, size, mtime_ns, ctime_ns, inode), the
    folder's own inode first; "" when there is no folder. Any touched, edited, added or deleted
    file or folder changes it; reading the site does not."""
    try:
        top = folder.lstat()
    except FileNotFoundError:
        return ""
    lines = [f"\0{top.st_ino}:{top.st_dev}"]
    stack = [(str(folder), "")]
    while stack:
        here, prefix = stack.pop()
        for entry in os.scandir(here):
            st = entry.stat(follow_symlinks=False)
            name = f"{prefix}{entry.name}"
            lines.append(f"{name}\0{stat.S_IFMT(st.st_mode)}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}")
            if stat.S_ISDIR(st.st_mode):
                stack.append((entry.path, f"{name}/"))
    lines.sort()  # the order a folder lists its entries in is not part of the site
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def stable_form(value: object, depth: int = 0) -> object:
    """`value` as JSON-able data that is the same in every run for the same settings: functions
    and classes by qualified name, patterns by text and flags; Unstable if there is no such form."""
    if depth > MAX_DEPTH:  # a structure that holds itself
        raise Unstable(f"a {type(value).__qualname__} nested more than {MAX_DEPTH} deep")
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return ["float", repr(value)]
    if isinstance(value, (bytes, bytearray)):
        return ["bytes", bytes(value).hex()]
    if isinstance(value, dict):
        items = [[stable_form(k, depth + 1), stable_form(v, depth + 1)] for k, v in value.items()]
        return ["dict", sorted(items, key=lambda kv: json.dumps(kv, sort_keys=True))]
    if isinstance(value, (list, tuple)):
        # A named tuple keeps its type's name: PaginationRule(1, ...) is not (1, ...).
        return [type(value).__qualname__, [stable_form(v, depth + 1) for v in value]]
    if isinstance(value, (set, frozenset)):
        members = (stable_form(v, depth + 1) for v in value)
        return ["set", sorted(members, key=lambda v: json.dumps(v, sort_keys=True))]
    if isinstance(value, PurePath):
        return ["path", str(value)]
    if isinstance(value, (datetime, date, time)):
        return [type(value).__name__, value.isoformat(), str(getattr(value, "tzinfo", None))]
    if isinstance(value, timedelta):
        return ["timedelta", value.total_seconds()]
    if isinstance(value, re.Pattern):
        return ["pattern", stable_form(value.pattern, depth + 1), value.flags]
    if isinstance(value, partial):
        return ["partial", *(stable_form(part, depth + 1) for part in (value.func, value.args, value.keywords))]
    qualname = getattr(value, "__qualname__", None) or getattr(value, "__name__", None)
    if (qualname is not None and callable(value)) or isinstance(value, type(os)):
        # Functions, classes, modules: their code is an input already (the settings file, the
        # plugin folders, the installed packages), so the name is enough.
        return ["name", f"{getattr(value, '__module__', '') or ''}.{qualname}"]
    if hasattr(value, "__dict__"):
        return [f"{type(value).__module__}.{type(value).__qualname__}", stable_form(vars(value), depth + 1)]
    text = repr(value)
    if " at 0x" in text:
        raise Unstable(f"{type(value).__qualname__} has no stable form")
    return [f"{type(value).__module__}.{type(value).__qualname__}", text]


def stable_digest(value: object) -> str:
    """sha256 of `value`'s stable form (see stable_form); Unstable if it has none."""
    return hashlib.sha256(json.dumps(stable_form(value), sort_keys=True).encode()).hexdigest()
