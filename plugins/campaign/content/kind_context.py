"""What a kind's parser may read from the validated settings (CampaignSettings has all of it)."""
from __future__ import annotations

from datetime import date
from typing import Protocol

from .vocabulary import Vocabulary


class KindContext(Protocol):
    """The build date, the site's time zone and the group's words: a parser reads nothing else."""

    @property
    def today(self) -> date: ...

    @property
    def timezone(self) -> str: ...

    @property
    def vocabulary(self) -> Vocabulary: ...
