"""File handling shared by the build's caches (content, PDFs, derived files, search bundles).

Every entry is written aside and renamed into place, so a build killed half-way, or two builds
side by side, never leave or read half an entry; entries nobody has used for a while go.
Renaming is not enough on its own: a disk that fills up, a copy of .cache/ cut short or a
hand-edited file can still leave a short or changed entry. So each entry carries the sha256 of
its bytes, checked on every read; an entry that does not match is deleted and made again,
never published.
"""
from __future__ import annotations

import hashlib
import itertools
import logging
import os
import shutil
import time
from pathlib import Path

#: Entries unused for this long are deleted (tests build many throwaway copies of content/).
MAX_AGE_DAYS = 14
PRUNE_EVERY = 24 * 60 * 60  # seconds: a folder is pruned at most once a day
#: The first line of every entry: this, then the sha256 (hex) of the bytes after the line.
ENTRY_MAGIC = b"campaign-cache-entry sha256="
#: Numbers the temporary files this process writes (with its id, unique among processes alive).
_TEMPORARIES = itertools.count()
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
logger = logging.getLogger(__name__)


def digest(data: bytes) -> str:
    """sha256 of `data`, in hex: what an entry's first line holds."""
    return hashlib.sha256(data).hexdigest()


def output_record(root: Path, shelf: str, output: Path) -> Path:
    """Where a record about the builds into the folder `output` is kept: one file per output
    folder, named by its resolved path, under root/shelf."""
    key = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:32]
    return root / shelf / f"{key}.json"


def write_entry(path: Path, data: bytes) -> None:
    """Keep `data` at `path` with its digest, written aside then renamed into place."""
    write_atomically(path, ENTRY_MAGIC + digest(data).encode() + b"\n" + data)


def read_entry(path: Path) -> bytes | None:
    """The bytes kept at `path` if they are whole, else None (missing, or damaged and deleted).

    A whole entry is touched, so pruning keeps what is used.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    first, newline, data = raw.partition(b"\n")
    if newline and first == ENTRY_MAGIC + digest(data).encode():
        try:
            os.utime(path)
        except FileNotFoundError:  # pruned by a parallel build just now; the bytes are whole
            pass
        return data
    discard(path)
    return None


def discard(path: Path) -> None:
    """Delete a damaged entry (a file or a folder), saying so in the build's log."""
    logger.info("Cache entry %s was damaged (its digest does not match); made again", path)
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename it.

    The temporary file is named by this process and a counter and made with O_EXCL (mode 0600, as
    mkstemp makes it), and the folder is made only when that fails for want of it: a cold build
    keeps some 3,400 entries, and mkstemp's random name, its file object and a mkdir per entry
    were a third of writing one (tests/unit/test_cache_writes.py).
    """
    while True:
        temporary = f"{path}.{os.getpid()}-{next(_TEMPORARIES)}.tmp"
        try:
            handle = os.open(temporary, _CREATE, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        except FileExistsError:  # left by a killed process that had this process's id: the next name
            continue
        break
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def prune(folder: Path, max_age_days: float = MAX_AGE_DAYS) -> None:
    """Delete the files in `folder` last used (modified or touched) more than `max_age_days` ago.

    At most once a day per folder: a large cache holds thousands of entries, and looking at
    each on every build costs more than the space they take for a day.
    """
    if not folder.is_dir():
        return
    marker = folder / ".pruned"
    now = time.time()
    try:
        if now - marker.stat().st_mtime < PRUNE_EVERY:
            return
    except FileNotFoundError:
        pass
    marker.touch()
    cutoff = now - max_age_days * 86400
    for entry in os.scandir(folder):
        try:
            if entry.is_file() and entry.name != marker.name and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
        except FileNotFoundError:  # another build pruned it first
            pass
