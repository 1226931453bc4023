"""Pelican's settings as a build reads them, without loading Pelican, and what reading them read.

The up-to-date decision (uptodate.py) needs the settings before anything heavy is loaded:
`defer_pelican_init` lets `pelican.settings` import without `pelican/__init__` (every
generator and reader), and `read_settings` notes which environment variables and which of the
project's files the settings files read, so those become inputs of the build.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import sys
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_DEFERRED = "_campaign_init_deferred"


def installed(path: Path) -> bool:
    """Is `path` part of an installed package or of Python (fingerprinted by their versions)?"""
    return any(path.is_relative_to(Path(prefix).resolve()) for prefix in {sys.prefix, sys.base_prefix})


def defer_pelican_init() -> None:
    """Make `pelican` a bare package until complete_pelican_init: its submodules import, but its
    __init__ (which loads every generator, reader and Markdown, a quarter of a second) waits.

    Reading the settings needs only pelican.settings; a site that is up to date never needs more.
    Nothing but pelican.settings and pelican.log may be imported meanwhile.
    """
    if "pelican" in sys.modules:
        return
    spec = importlib.util.find_spec("pelican")
    if spec is None or spec.loader is None:
        return
    package = importlib.util.module_from_spec(spec)
    setattr(package, _DEFERRED, True)
    sys.modules["pelican"] = package


def complete_pelican_init() -> None:
    """Run the deferred `pelican/__init__.py` in the package object (its submodules are kept)."""
    package = sys.modules.get("pelican")
    if package is not None and package.__dict__.pop(_DEFERRED, False):
        assert package.__spec__ is not None and package.__spec__.loader is not None
        package.__spec__.loader.exec_module(package)


class _EnvironmentReads(MutableMapping[str, str]):
    """os.environ, noting which names are read (all of them once anyone lists it)."""

    def __init__(self, env: MutableMapping[str, str]) -> None:
        self.env, self.names, self.everything = env, set[str](), False

    def __getitem__(self, name: str) -> str:
        self.names.add(name)
        return self.env[name]

    def __contains__(self, name: object) -> bool:
        self.names.add(str(name))
        return name in self.env

    def __iter__(self) -> Iterator[str]:
        self.everything = True
        return iter(self.env)

    def __len__(self) -> int:
        return len(self.env)

    def __setitem__(self, name: str, value: str) -> None:
        self.env[name] = value

    def __delitem__(self, name: str) -> None:
        del self.env[name]

    def copy(self) -> dict[str, str]:
        self.everything = True
        return dict(self.env)


@contextmanager
def _environment_reads() -> Iterator[_EnvironmentReads]:
    reads = _EnvironmentReads(os.environ)
    # Replaced, not changed: the variables stay as they are; os.getenv reads this global too.
    setattr(os, "environ", reads)  # noqa: B010
    try:
        yield reads
    finally:
        setattr(os, "environ", reads.env)  # noqa: B010


#: The files Python opens while a settings file runs (an audit hook cannot be removed, so it
#: stays installed and records only while this list is not None).
_opened: list[str] | None = None


def _note_open(event: str, args: tuple) -> None:
    if _opened is not None and event == "open" and isinstance(args[0], str):
        _opened.append(args[0])


@contextmanager
def _files_opened() -> Iterator[list[str]]:
    global _opened  # noqa: PLW0603  # the hook is process-wide; so is what it records
    if not getattr(_note_open, "installed", False):
        sys.addaudithook(_note_open)
        setattr(_note_open, "installed", True)  # noqa: B010
    found: list[str] = []
    _opened = found
    try:
        yield found
    finally:
        _opened = None


def _source(path: Path) -> Path:
    """A module's source for its byte-code file (imports open the .pyc when it is current)."""
    if path.suffix == ".pyc" and path.parent.name == "__pycache__":
        try:
            return Path(importlib.util.source_from_cache(str(path)))
        except ValueError:
            return path
    return path


@dataclass
class SettingsRead:
    """Pelican's settings, and what reading them read."""

    settings: dict
    environment: set[str]  # names the settings files read ("*": all)
    files: list[Path]  # the settings files and the project's modules they import


def read_settings(settings_file: str, output: Path, overrides: dict) -> SettingsRead:
    """Pelican's read_settings, as the build reads them (OUTPUT_PATH the final folder), noting
    which environment variables and which of the project's files it reads."""
    from pelican.settings import read_settings as pelican_read

    before = set(sys.modules)
    previous = logging.root.manager.disable
    logging.disable(logging.WARNING)  # the build itself shows any warning about the settings
    try:
        with _environment_reads() as reads, _files_opened() as opened:
            settings = pelican_read(settings_file, override={"OUTPUT_PATH": str(output), **overrides})
    finally:
        logging.disable(previous)
    # The settings file, what it runs or reads (runpy.run_path, a data file) and what it imports.
    modules = [getattr(sys.modules[name], "__file__", None) for name in set(sys.modules) - before]
    files = {_source(Path(where).resolve()) for where in [settings_file, *opened, *modules] if where}
    files = {path for path in files if path.is_file() and not installed(path)}
    return SettingsRead(settings, {"*"} if reads.everything else reads.names, sorted(files))
