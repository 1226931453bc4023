"""Draw a checked ChartSpec as an inline, accessible SVG inside a <figure>.

A small template of our own rather than pygal or matplotlib: those emit 20-100 KB per chart,
embed fonts or glyph paths, set colours inline and draw text as shapes. Here each chart is
a few KB of plain <rect>/<path>/<text>: labels and values are real text (searchable,
translatable, read by screen readers through <title>/<desc> and the data table), the page's
own font is used, and colours come from the theme's `--chart-N` custom properties via
classes, so there is no inline style, script or external reference.
"""
from __future__ import annotations

from html import escape
from math import cos, pi, sin

from .model import ChartSpec, format_number

W = 360       # viewBox width: at a 375 px screen one unit is about one CSS pixel
FONT = 14     # font size in viewBox units
CHAR = 8.2    # generous width of one character (wide fonts like DejaVu Sans), for wrapping and room
LINE = 17     # line height
BAR = 20      # bar thickness
GAP = 12      # space between bar rows
PERCENT = 100.0  # a full-length bar of shares
WHOLE = 0.99999  # a slice this close to the whole circle is drawn as a ring (one arc cannot close)
HALF = 0.5    # a slice over half the circle takes SVG's large arc
KIND_NAMES = {"bar": "Bar chart", "column": "Column chart", "pie": "Pie chart",
              "donut": "Donut chart", "stacked": "Stacked bar chart"}


def _n(x: float) -> str:
    """A coordinate rounded to one decimal, without a trailing '.0'."""
    text = f"{round(x, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _e(text: str) -> str:
    return escape(text, quote=True)


def value_text(spec: ChartSpec, value: float) -> str:
    """How a value is written on the chart and in the table: '63%', '4', '12 people'."""
    number = format_number(value)
    return f"{number}{spec.unit}" if spec.unit in ("", "%") else f"{number} {spec.unit}"


def _wrap(text: str, width: float) -> list[str]:
    """Split text into lines of about `width` units (long words stay whole)."""
    limit = max(1, int(width // CHAR))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], cls: str = "", anchor: str = "") -> str:
    """A <text> whose first baseline is at y; further lines as <tspan>s."""
    attrs = (f' class="{cls}"' if cls else "") + (f' text-anchor="{anchor}"' if anchor else "")
    more = "".join(f'<tspan x="{_n(x)}" dy="{LINE}">{_e(line)}</tspan>' for line in lines[1:])
    return f'<text{attrs} x="{_n(x)}" y="{_n(y)}">{_e(lines[0])}{more}</text>'


def _top(spec: ChartSpec, biggest: float) -> float:
    """The value a full-length bar stands for: 100 for shares, else the total or the largest."""
    if spec.unit == "%" and biggest <= PERCENT:
        return PERCENT
    if spec.total and biggest <= spec.total:
        return spec.total
    return biggest or 1.0


def _bar(spec: ChartSpec) -> tuple[list[str], float]:
    # Labels sit above the bars so long answers keep the full width on a phone.
    texts = [value_text(spec, v) for v in spec.values]
    area = W - (max(len(t) for t in texts) * CHAR + 14)
    top, y, parts = _top(spec, max(spec.values)), 0.0, []
    for label, value, shown in zip(spec.labels, spec.values, texts, strict=True):
        lines = _wrap(label, W)
        parts.append(_text(0, y + FONT - 1, lines, "chart__label"))
        y += len(lines) * LINE + 3
        width = area * value / top
        parts.append(f'<rect class="chart__bar chart__bar--1" x="0" y="{_n(y)}" width="{_n(width)}" height="{BAR}"/>')
        parts.append(_text(width + 6, y + 15, [shown], "chart__value"))
        y += BAR + GAP
    return parts, y - GAP + 2


def _column(spec: ChartSpec) -> tuple[list[str], float]:
    slot = W / len(spec.labels)
    width, base, height = min(48.0, slot * 0.62), 150.0, 128.0
    # Columns fill the height whatever the unit: the value is written on each one, and a
    # 0-100 scale would leave small shares as slivers under a block of empty space.
    top, parts, deepest = max(spec.values) or 1.0, [], 1
    for i, (label, value) in enumerate(zip(spec.labels, spec.values, strict=True)):
        mid, h = slot * (i + 0.5), height * value / top
        parts.append(f'<rect class="chart__bar chart__bar--1" x="{_n(mid - width / 2)}" y="{_n(base - h)}" '
                     f'width="{_n(width)}" height="{_n(h)}"/>')
        parts.append(_text(mid, base - h - 6, [value_text(spec, value)], "chart__value", "middle"))
        lines = _wrap(label, slot - 4)
        deepest = max(deepest, len(lines))
        parts.append(_text(mid, base + LINE + 1, lines, "chart__label", "middle"))
    parts.append(f'<path class="chart__axis" d="M0 {_n(base)}H{W}"/>')
    return parts, base + 6 + deepest * LINE


def _point(cx: float, cy: float, r: float, turn: float) -> str:
    angle = 2 * pi * turn - pi / 2  # start at twelve o'clock, go clockwise
    return f"{_n(cx + r * cos(angle))} {_n(cy + r * sin(angle))}"


def _slice(kind: str, start: float, end: float, cx: float, r: float) -> str:
    inner = r * 0.58 if kind == "donut" else 0.0
    if end - start >= WHOLE:  # a full circle: two half arcs (one arc cannot close on itself)
        ring = f"M{_n(cx - r)} {_n(cx)}A{_n(r)} {_n(r)} 0 1 1 {_n(cx + r)} {_n(cx)}A{_n(r)} {_n(r)} 0 1 1 {_n(cx - r)} {_n(cx)}Z"
        if inner:
            ring += (f"M{_n(cx - inner)} {_n(cx)}A{_n(inner)} {_n(inner)} 0 1 0 {_n(cx + inner)} {_n(cx)}"
                     f"A{_n(inner)} {_n(inner)} 0 1 0 {_n(cx - inner)} {_n(cx)}Z")
        return ring
    large = 1 if end - start > HALF else 0
    outer = f"{_point(cx, cx, r, start)}A{_n(r)} {_n(r)} 0 {large} 1 {_point(cx, cx, r, end)}"
    if not inner:
        return f"M{_n(cx)} {_n(cx)}L{outer}Z"
    return (f"M{outer}L{_point(cx, cx, inner, end)}"
            f"A{_n(inner)} {_n(inner)} 0 {large} 0 {_point(cx, cx, inner, start)}Z")


def _pie(spec: ChartSpec) -> tuple[list[str], float]:
    r, total, parts, start = 70.0, sum(spec.values), [], 0.0
    cx = r + 2
    for i, value in enumerate(spec.values):
        if value:
            end = start + value / total
            rule = ' fill-rule="evenodd"' if end - start >= WHOLE else ""
            parts.append(f'<path class="chart__slice chart__slice--{i + 1}"{rule} d="{_slice(spec.kind, start, end, cx, r)}"/>')
            start = end
    # Legend to the right: swatch, label, and the value right-aligned like a table column.
    texts = [value_text(spec, v) for v in spec.values]
    left = 2 * cx + 12
    label_width = W - left - 22 - (max(len(t) for t in texts) * CHAR + 8)
    y = 4.0
    for i, (label, shown) in enumerate(zip(spec.labels, texts, strict=True)):
        lines = _wrap(label, label_width)
        parts.append(f'<rect class="chart__slice--{i + 1}" x="{_n(left)}" y="{_n(y + 1)}" width="14" height="14"/>')
        parts.append(_text(left + 22, y + FONT - 1, lines, "chart__label"))
        parts.append(_text(W, y + FONT - 1 + (len(lines) - 1) * LINE, [shown], "chart__value", "end"))
        y += len(lines) * LINE + 8
    return parts, max(2 * cx, y)


def _legend(names: list[str]) -> tuple[list[str], float]:
    """Swatch-and-name pairs flowing left to right, wrapping onto new rows."""
    parts, x, y = [], 0.0, 0.0
    for j, name in enumerate(names):
        width = 20 + len(name) * CHAR
        if x and x + width > W:
            x, y = 0.0, y + LINE + 6
        parts.append(f'<rect class="chart__seg--{j + 1}" x="{_n(x)}" y="{_n(y + 1)}" width="14" height="14"/>')
        parts.append(_text(x + 20, y + FONT - 1, [name], "chart__label"))
        x += width + 16
    return parts, y + LINE + 12


def _stacked(spec: ChartSpec) -> tuple[list[str], float]:
    parts, y = _legend([s.name for s in spec.series])
    sums = [sum(s.values[i] for s in spec.series) for i in range(len(spec.labels))]
    area = W - 60
    top = _top(spec, max(sums))
    for i, label in enumerate(spec.labels):
        lines = _wrap(label, W)
        parts.append(_text(0, y + FONT - 1, lines, "chart__label"))
        y += len(lines) * LINE + 3
        x, outside = 0.0, []
        for j, series in enumerate(spec.series):
            value = series.values[i]
            if not value:
                continue
            width, shown = area * value / top, value_text(spec, value)
            parts.append(f'<rect class="chart__seg chart__seg--{j + 1}" x="{_n(x)}" y="{_n(y)}" '
                         f'width="{_n(width)}" height="{BAR}"/>')
            if width >= len(shown) * CHAR + 8:
                parts.append(_text(x + width / 2, y + 15, [shown], "chart__value chart__value--inside", "middle"))
            else:  # too narrow to hold its number: name it after the bar instead
                outside.append(f"{series.name} {shown}")
            x += width
        if outside:
            parts.append(_text(x + 6, y + 15, ["; ".join(outside)], "chart__value"))
        y += BAR + GAP
    return parts, y - GAP + 2


def describe(spec: ChartSpec) -> str:
    """The generated <desc>: the kind of chart, every label with its value, and the base."""
    if spec.kind == "stacked":
        items = [f"{label}: " + ", ".join(f"{s.name} {value_text(spec, s.values[i])}" for s in spec.series)
                 for i, label in enumerate(spec.labels)]
    else:
        items = [f"{label}: {value_text(spec, v)}" for label, v in zip(spec.labels, spec.values, strict=True)]
    note = f" {spec.note}" + ("" if spec.note[-1:] in ".!?" else ".") if spec.note else ""
    return f"{KIND_NAMES[spec.kind]}. {'; '.join(items)}.{note}"


def _table(spec: ChartSpec) -> str:
    if spec.kind == "stacked":
        heads = [s.name for s in spec.series]
        rows = [[value_text(spec, s.values[i]) for s in spec.series] for i in range(len(spec.labels))]
    else:
        heads = ["Per cent" if spec.unit == "%" else (f"Value ({spec.unit})" if spec.unit else "Value")]
        rows = [[value_text(spec, v)] for v in spec.values]
    caption = spec.title + (f" ({spec.note})" if spec.note else "")
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in ["Category", *heads])
    body = "".join(f'<tr><th scope="row">{_e(label)}</th>' + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>"
                   for label, row in zip(spec.labels, rows, strict=True))
    return (f'<details class="chart__data"><summary>Show the numbers</summary>'
            f'<table class="chart__table"><caption>{_e(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></details>")


_DRAW = {"bar": _bar, "column": _column, "pie": _pie, "donut": _pie, "stacked": _stacked}


def render_chart(spec: ChartSpec, *, chart_id: str) -> str:
    """One <figure> block (no blank lines, so Markdown passes it through) holding the chart."""
    cid = _e(chart_id)
    parts, height = _DRAW[spec.kind](spec)
    note = f' <span class="chart__note">{_e(spec.note)}</span>' if spec.note else ""
    svg = (f'<svg class="chart__svg" role="img" aria-labelledby="{cid}-title {cid}-desc" '
           f'viewBox="0 0 {W} {_n(height)}" width="100%" font-size="{FONT}">'
           f'<title id="{cid}-title">{_e(spec.title)}</title>'
           f'<desc id="{cid}-desc">{_e(spec.description or describe(spec))}</desc>\n'
           + "\n".join(parts) + "\n</svg>")
    return "\n".join([
        f'<figure class="chart chart--{spec.kind}" id="{cid}">',
        f'<figcaption class="chart__caption"><span class="chart__title">{_e(spec.title)}</span>{note}</figcaption>',
        svg,
        _table(spec),
        "</figure>",
    ])
