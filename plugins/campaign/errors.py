"""Errors that name the file, the line and the fix, for volunteers who are not programmers."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        return f"{self.path}:{self.line}: {self.message} — {self.fix}"


class CampaignError(Exception):
    """A content or settings mistake that must stop the build; carries one or more Problems."""

    def __init__(self, problems: Problem | list[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems when it crosses a process boundary (PDF workers).
        return (type(self), (self.problems,))

    @classmethod
    def at(cls, path: str, line: int, message: str, fix: str) -> "CampaignError":
        """Shorthand for an error with a single problem."""
        return cls(Problem(str(path), line, message, fix))


class MissingSystemLibrary(Exception):
    """A system package the build needs is absent; the message is the command that installs it."""
