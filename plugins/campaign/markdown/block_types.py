"""What every fenced block's handler is given and returns (blocks.py runs them)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BlockContext:
    """Where a block sits: the source file, the fence's line, its index in the file."""

    path: str
    line: int
    index: int
    data_dir: Path


BlockHandler = Callable[[str, BlockContext], str]
