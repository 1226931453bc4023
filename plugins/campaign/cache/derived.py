"""The one cache seam: a feature asks for a derived file by label and inputs, and gets its bytes.

No feature sees where anything is kept. An entry is keyed by a sha256 of its label, a code
version (the plugin's code and the libraries under it, unless the caller names the version
that really changes its bytes: the PDF renderer's, Pagefind's) and its inputs. It is written
aside and renamed, carries the digest of its bytes (cache/files.py, checked on every read), and
is never kept when making it fails, so a mistake is reported on every build. Entries unused for
MAX_AGE_DAYS are deleted.

Where entries sit under the cache root (CAMPAIGN_CACHE_PATH, declared in settings.py) is this
module's business only: PDFs in pdf/<key>.pdf (a person can open one), search bundles as
folders in pagefind/, everything else in derived/<key>.bin.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .content import code_digest
from .files import digest, discard, prune, read_entry, write_entry

#: What an entry is made from: text, bytes, or labelled parts (hashed length-prefixed).
Inputs = str | bytes | Sequence[tuple[str, bytes]]

#: label -> (folder under the cache root, file suffix); any other label: derived/, .bin.
_SHELVES = {"pdf": ("pdf", ".pdf"), "search bundle": ("pagefind", "")}
_DEFAULT_SHELF = ("derived", ".bin")
#: Kept folders of files besides the ones this build used (a previous version of each, mostly).
KEEP_EXTRA_FOLDERS = 8


def inputs_bytes(inputs: Inputs) -> bytes:
    """The inputs as one byte string; parts are length-prefixed so two can never run together."""
    if isinstance(inputs, str):
        return inputs.encode()
    if isinstance(inputs, bytes):
        return inputs
    out = bytearray()
    for label, data in inputs:
        out += f"{label}:{len(data)}:".encode() + data
    return bytes(out)


def entry_key(label: str, inputs: Inputs, version: str | None = None) -> str:
    """sha256 of the label, the code version (default: the plugin's code) and the inputs."""
    head = f"{label}\0{code_digest() if version is None else version}\0".encode()
    return hashlib.sha256(head + inputs_bytes(inputs)).hexdigest()


class Derived:
    """Derived files by label and inputs, kept under `root`; with no root, everything is made."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root else None
        self.made: dict[str, int] = {}
        self.reused: dict[str, int] = {}
        self._pruned: set[Path] = set()
        self._folders_used: dict[str, set[str]] = {}

    @classmethod
    def for_settings(cls, settings: Mapping) -> Derived:
        """The seam over CAMPAIGN_CACHE_PATH."""
        from ..settings import cache_root

        return cls(cache_root(settings))

    def _shelf(self, label: str) -> tuple[Path, str] | None:
        if self.root is None:
            return None
        folder, suffix = _SHELVES.get(label, _DEFAULT_SHELF)
        path = self.root / folder
        if suffix and path not in self._pruned:  # folder entries go by forget_unused_folders
            self._pruned.add(path)
            prune(path)
        return path, suffix

    def _count(self, label: str, made: int, reused: int) -> None:
        self.made[label] = self.made.get(label, 0) + made
        self.reused[label] = self.reused.get(label, 0) + reused

    def get(self, label: str, inputs: Inputs, make: Callable[[], bytes], *, version: str | None = None) -> bytes:
        """The kept bytes for (`label`, `inputs`), or `make()`'s, kept for next time."""
        [data] = self.get_many(label, [inputs], lambda _missing: [make()], version=version)
        return data

    def get_many(self, label: str, inputs: Sequence[Inputs], make: Callable[[list[int]], list[bytes]], *,
                 version: str | None = None) -> list[bytes]:
        """Every entry's bytes, in order: kept ones read, the rest made by one call of
        `make(indices of the missing)` (which may make them side by side) and kept."""
        shelf = self._shelf(label)
        paths = [shelf[0] / f"{entry_key(label, i, version)}{shelf[1]}" for i in inputs] if shelf else []
        kept = [read_entry(p) for p in paths] if shelf else [None] * len(inputs)  # None: missing or damaged
        missing = [i for i, data in enumerate(kept) if data is None]
        made = make(missing) if missing else []
        fresh = dict(zip(missing, made, strict=True))  # make() returns one entry per index
        for i, data in fresh.items():
            if shelf:
                write_entry(paths[i], data)  # aside then renamed: a parallel build never reads half
        self._count(label, len(fresh), len(inputs) - len(fresh))
        return [fresh.get(i, data) or b"" for i, data in enumerate(kept)]

    def get_folder(self, label: str, inputs: Inputs, make: Callable[[Path], None], *,
                   version: str | None = None) -> tuple[dict[str, bytes], bool]:
        """A derived folder's files (relative path -> bytes) and whether they were made now.

        `make(folder)` fills a new, empty folder (a tool that writes a whole tree, as Pagefind
        does). The kept folder's digests sit beside it in `<key>.sha256` (itself an entry),
        written only once the folder is whole, and are checked file by file on every read.
        """
        shelf = self._shelf(label)
        if shelf is None:
            with tempfile.TemporaryDirectory() as scratch:
                make(Path(scratch) / "made")
                self._count(label, 1, 0)
                return _files_of(Path(scratch) / "made"), True
        key = entry_key(label, inputs, version)
        self._folders_used.setdefault(label, set()).add(key)
        kept = shelf[0] / key
        files = _verified(kept)
        if files is not None:
            self._count(label, 0, 1)
            return files, False
        if kept.exists():
            discard(kept)
        shelf[0].mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=shelf[0], prefix=".make-"))  # made aside, then renamed
        try:
            make(tmp / "made")
            files = _files_of(tmp / "made")
            os.replace(tmp / "made", kept)
            write_entry(kept.with_suffix(".sha256"), _manifest(files))
        except OSError:
            files = _verified(kept)
            if files is None:  # unless another build kept the same folder first
                raise
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._count(label, 1, 0)
        return files, True

    def forget_unused_folders(self, label: str, keep_extra: int = KEEP_EXTRA_FOLDERS) -> None:
        """Delete `label`'s kept folders this build did not use, but the `keep_extra` newest."""
        shelf = self._shelf(label)
        if shelf is None or not shelf[0].is_dir():
            return
        used = self._folders_used.get(label, set())
        others = [p for p in shelf[0].iterdir() if p.is_dir() and not p.name.startswith(".") and p.name not in used]
        for old in sorted(others, key=lambda p: p.stat().st_mtime)[:-keep_extra or None]:
            shutil.rmtree(old, ignore_errors=True)
            old.with_suffix(".sha256").unlink(missing_ok=True)


def _files_of(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _manifest(files: dict[str, bytes]) -> bytes:
    """What a folder's digest entry keeps: each file's path and sha256, as JSON."""
    return json.dumps({name: digest(data) for name, data in files.items()}, sort_keys=True).encode()


def _verified(kept: Path) -> dict[str, bytes] | None:
    """The kept folder's files if every one matches its digest, else None."""
    manifest = read_entry(kept.with_suffix(".sha256"))
    if manifest is None or not kept.is_dir():
        return None
    files = _files_of(kept)
    if _manifest(files) != manifest:
        return None
    os.utime(kept)  # recently used: pruning keeps it
    return files
