"""Errors that name the file, the line and the fix, for volunteers who are not programmers.

One root, `CampaignError`, for everything the plugin and its tools report to a person:

    CampaignError          problems in content files (each a `path:line: what — fix` Problem)
    ├── SettingsError      one setting's value is wrong; names the setting and where it is set
    ├── MissingSystemLibrary  a system package is absent; the message is the install command
    ├── BuildFailed        the build stopped; keeps the problems that stopped it
    └── PublishFailed      (publish.py) nothing was published; says why and how to fix it

An interrupted build (interrupt.BuildInterrupted) is not an error of anyone's making and, like
KeyboardInterrupt, is a BaseException outside this tree.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: The files settings are written in, searched in this order for the line that sets one.
SETTINGS_FILES = ("pelicanconf.py", "publishconf.py")


def shown_path(path: str | Path) -> str:
    """A file's path as a volunteer sees it: relative to the project folder when inside it."""
    p = Path(path).resolve()
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one source file."""

    path: str
    line: int
    message: str
    fix: str

    def __str__(self) -> str:
        # The `path:line:` prefix lets editors and terminals jump straight to the spot.
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message} — {self.fix}"


class CampaignError(Exception):
    """The root of the plugin's errors; carries the Problems that stop the build, if any.

    Made from Problems (one or a list), or from a message alone when no file is at fault.
    """

    def __init__(self, problems: str | Problem | Iterable[Problem] = ()):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            message = problems
        else:
            self.problems = [problems] if isinstance(problems, Problem) else list(problems)
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    def __reduce__(self):
        # Rebuilt from its problems when it crosses a process boundary (PDF workers).
        return (type(self), (self.problems or str(self),))

    @classmethod
    def at(cls, path: str, line: int, message: str, fix: str) -> CampaignError:
        """Shorthand for an error with a single problem."""
        return cls(Problem(str(path), line, message, fix))


def setting_line(name: str, folder: Path | None = None) -> tuple[str, int]:
    """The settings file and line that set `name` (0 when no file sets it: its default is used)."""
    for file in SETTINGS_FILES:
        path = (folder or Path.cwd()) / file
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, start=1):
            if re.match(rf"{re.escape(name)}\s*[:=]", text):
                return file, number
    return SETTINGS_FILES[0], 0


class SettingsError(CampaignError):
    """A setting's value is wrong: `<file>:<line>: NAME = value what — fix`, at the line that sets it."""

    def __init__(self, name: str, message: str, fix: str, folder: Path | None = None):
        self.setting = name
        file, line = setting_line(name, folder)
        super().__init__(Problem(file, line, message, fix))

    def __reduce__(self):
        problem = self.problems[0]
        return (_rebuild_settings_error, (self.setting, problem))


def _rebuild_settings_error(name: str, problem: Problem) -> SettingsError:
    error = SettingsError.__new__(SettingsError)
    error.setting = name
    CampaignError.__init__(error, problem)
    return error


class MissingSystemLibrary(CampaignError):
    """A system package the build needs is absent; the message is the command that installs it."""


class BuildFailed(CampaignError):
    """The build stopped; the message is what the volunteer needs to read, `problems` what stopped it."""

    @classmethod
    def because(cls, error: CampaignError) -> BuildFailed:
        """The build failure an error caused, keeping its problems (or its message when it has none)."""
        failed = cls(error.problems or str(error))
        return failed
