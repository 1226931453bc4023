"""What a checked chart is (the parser makes it, the drawing reads it), and how its figures are written."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Series:
    """One named row of numbers, one per label."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A checked chart: what `render_chart` draws. Non-stacked kinds have one series."""

    kind: str
    title: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    note: str = ""
    description: str = ""
    total: float | None = None
    tolerance: float = 1.0

    @property
    def values(self) -> tuple[float, ...]:
        """The first (for non-stacked kinds, the only) series' values."""
        return self.series[0].values



def format_number(value: float) -> str:
    """37 -> '37', 10.5 -> '10.5', 1500 -> '1,500': how every figure is shown."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
