"""Adapter from a ```chart block to the pure chart functions."""
from __future__ import annotations

from .block_types import BlockContext


def render_chart_block(text: str, ctx: BlockContext) -> str:
    """Parse, validate and draw one chart block."""
    from ..charts.spec import parse_chart_block, render_chart

    spec = parse_chart_block(text, path=ctx.path, line=ctx.line, data_dir=ctx.data_dir)
    return render_chart(spec, chart_id=f"chart-{ctx.index}")
