"""Read and check a ```chart block (or the data file it points to) into a ChartSpec.

The YAML is read as a node tree, not with `yaml.safe_load`, for two reasons: every value
keeps its line so an error can name it, and labels stay the text the volunteer typed
(`safe_load` would turn `labels: [Yes, No]` into `[True, False]`).
The data types are in `model.py`, drawing in `svg.py`; `render_chart` is re-exported here so callers
need one import.
"""
from __future__ import annotations

import csv
import difflib
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import CampaignError
from .model import ChartSpec, Series, format_number
from .svg import render_chart

KINDS = ("bar", "column", "pie", "donut", "stacked")
KEYS = ("kind", "title", "unit", "labels", "values", "series", "note", "description",
        "total", "tolerance", "data")
MAX_COLOURS = 8  # the theme defines --chart-1 … --chart-8; more slices would repeat colours
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
# Bounds on what a chart may read: a data file a person typed is a few kilobytes; these stop a
# mistaken (or hostile) file from holding the build for minutes.
MAX_DATA_BYTES = 1_000_000
MAX_YAML_NODES = 20_000
# libyaml when present: the pure-Python parser is most of a large site's check time.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class _At:
    path: str
    line: int


@dataclass(frozen=True)
class _Val:
    """A YAML/CSV value with where it sits: text, list of _Val, or dict of key -> _Val."""

    data: object
    at: _At
    key_at: _At | None = None  # the line of its key, for mapping entries


def _fail(at: _At, message: str, fix: str) -> CampaignError:
    return CampaignError.at(at.path, at.line, message, fix)


def _did_you_mean(word: str, known: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _from_node(node: yaml.Node, path: str, base: int, key_at: _At | None = None) -> _Val:
    at = _At(path, base + node.start_mark.line)
    if isinstance(node, yaml.ScalarNode):
        return _Val(node.value, at, key_at)
    if isinstance(node, yaml.SequenceNode):
        return _Val([_from_node(item, path, base) for item in node.value], at, key_at)
    mapping: dict[str, _Val] = {}
    for key_node, value_node in node.value:
        k_at = _At(path, base + key_node.start_mark.line)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _fail(k_at, "a key here is not plain text", "write each line as `key: value`")
        if key_node.value in mapping:
            raise _fail(k_at, f"'{key_node.value}' is given twice", "keep only one of them")
        mapping[key_node.value] = _from_node(value_node, path, base, k_at)
    return _Val(mapping, at, key_at)


def _refuse_anchors(text: str, path: str, base: int) -> None:
    """Refuse YAML anchors (&a) and aliases (*a), and bound the node count.

    Aliases let a few hundred bytes stand for billions of values ("billion laughs"); charts
    never need them, so they are refused at the line rather than expanded.
    """
    nodes = 0
    for event in yaml.parse(text, Loader=_LOADER):
        line = base + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CampaignError.at(path, line, "YAML anchors and aliases (& and *) are not allowed in chart data",
                                   "write each value out in full instead of referring to another with * or &")
        nodes += 1
        if nodes > MAX_YAML_NODES:
            raise CampaignError.at(path, line, f"the chart data has more than {MAX_YAML_NODES} values",
                                   "split it into smaller files; a chart shows a few dozen values at most")


def _compose(text: str, path: str, base: int, what: str) -> yaml.Node | None:
    try:
        _refuse_anchors(text, path, base)
        return yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        mark, context = getattr(err, "problem_mark", None), getattr(err, "context_mark", None)
        line = base + (mark.line if mark else 0)
        problem = getattr(err, "problem", None) or str(err)
        if context and mark and context.line != mark.line:
            # An unclosed [ or quote is noticed only lines later; say where it opened.
            problem += f" (in the part that starts on line {base + context.line})"
        raise CampaignError.at(
            path, line, f"{what} is not valid YAML: {problem}",
            "write one `key: value` per line, lists as [a, b, c], and put text that "
            "contains ':' or '#' in quotes") from None


def read_data_text(file: Path, shown: str | None = None) -> str:
    """A data file's text: UTF-8 (a byte-order mark allowed), at most MAX_DATA_BYTES, else a CampaignError."""
    shown = shown or str(file)
    fix = "in your spreadsheet or editor, save it again as CSV or YAML with the encoding UTF-8"
    try:
        size = file.stat().st_size
        if size > MAX_DATA_BYTES:
            raise CampaignError.at(shown, 1, f"the data file is {size} bytes; the most is {MAX_DATA_BYTES}",
                                   "keep only the figures the charts show, or split the file")
        data = file.read_bytes()
    except OSError as err:
        raise CampaignError.at(shown, 1, f"the data file cannot be read ({err.strerror})",
                               "make the file readable (check its permissions), or remove it") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CampaignError.at(shown, 1, "the data file is saved as UTF-16", fix)
    try:
        return data.decode("utf-8-sig")  # -sig: spreadsheets often save a BOM
    except UnicodeDecodeError as err:
        raise CampaignError.at(shown, data[: err.start].count(b"\n") + 1,
                               "the data file is not saved as UTF-8 (a character here cannot be read)", fix) from None


def _read_mapping(text: str, path: str, base: int, what: str, whole: _At) -> dict[str, _Val]:
    node = _compose(text, path, base, what)
    if node is None:
        raise _fail(whole, f"{what} is empty", "add at least `kind:`, `title:`, `labels:` and `values:`")
    if not isinstance(node, yaml.MappingNode):
        raise _fail(_At(path, base + node.start_mark.line), f"{what} is not a list of `key: value` lines",
                    "write it as `title: ...`, `labels: [...]`, `values: [...]`, one per line")
    return _from_node(node, path, base).data  # type: ignore[return-value]  # a MappingNode's data is that dict


@lru_cache(maxsize=16)
def _data_file_fields(source: str, file: str) -> dict[str, _Val]:
    # A report's charts all read one data file; parse each text once.
    # Keyed by the text, so an edited file is parsed again; callers copy, never change, the dict.
    return _read_mapping(source, file, 1, f"data file {file}", _At(file, 1))


def _load_data(ref: _Val, data_dir: Path) -> dict[str, _Val]:
    """The fields of `data: file.yaml#key` or `data: file.csv`, with the data file's lines."""
    text = _text(ref, "data")
    name, _, key = text.partition("#")
    file = data_dir / name.strip()
    fix = f"put the file in {data_dir}/ or correct the name after `data:`"
    if not name.strip() or ".." in Path(name).parts or Path(name).is_absolute():
        raise _fail(ref.at, f"data: '{text}' is not a file name in {data_dir}/", fix)
    if not file.is_file():
        raise _fail(ref.at, f"data file not found: looked for {file}", fix)
    source = read_data_text(file)
    if file.suffix.lower() == ".csv":
        if key:
            raise _fail(ref.at, f"a CSV file has no keys, but data: ends with '#{key}'",
                        f"write `data: {name.strip()}`")
        return _read_csv(source, str(file))
    fields = _data_file_fields(source, str(file))
    if not key:
        return fields
    key = key.strip()
    if key not in fields:
        raise _fail(ref.at, f"{file} has no chart '{key}'{_did_you_mean(key, list(fields))}",
                    f"use one of: {', '.join(fields)}")
    entry = fields[key]
    if not isinstance(entry.data, dict):
        raise _fail(entry.at, f"'{key}' in {file} is not a chart",
                    "give it indented lines `title:`, `labels:`, `values:`")
    return entry.data


def _read_csv(source: str, path: str) -> dict[str, _Val]:
    reader = csv.reader(io.StringIO(source))
    rows = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    if not rows or [c.strip().lower() for c in rows[0][1]] != ["label", "value"]:
        raise _fail(_At(path, rows[0][0] if rows else 1), "the CSV file must start with the line `label,value`",
                    "make the first line `label,value`, then one `label,number` line per bar")
    labels, values = [], []
    for number, row in rows[1:]:
        at = _At(path, number)
        if len(row) != len(("label", "value")):
            raise _fail(at, f"this line has {len(row)} cells, not 2",
                        "write `label,value`; put a label containing a comma in double quotes")
        labels.append(_Val(row[0].strip(), at))
        values.append(_Val(row[1].strip(), at))
    first = _At(path, rows[1][0] if len(rows) > 1 else rows[0][0])
    return {"labels": _Val(labels, first, first), "values": _Val(values, first, first)}


def _text(val: _Val, key: str) -> str:
    if not isinstance(val.data, str):
        raise _fail(val.key_at or val.at, f"`{key}:` should be plain text", f"write `{key}: some text` on one line")
    return val.data.strip()


def _number(val: _Val, what: str) -> float:
    text = val.data.strip() if isinstance(val.data, str) else None
    if text is None or not _NUMBER.fullmatch(text) or not math.isfinite(float(text)):
        shown = text if text is not None else "(a list or mapping)"
        raise _fail(val.at, f"value '{shown}' for {what} is not a number",
                    "write a number like 37 (no % sign; put the unit in `unit:`)")
    number = float(text)
    if number < 0:
        raise _fail(val.at, f"value {text} for {what} is below zero", "charts show counts or shares: write 0 or more")
    return number


def _list(val: _Val, key: str) -> list[_Val]:
    if not isinstance(val.data, list) or not val.data:
        raise _fail(val.key_at or val.at, f"`{key}:` should be a list", f"write it like `{key}: [Yes, No]`")
    return val.data


def _numbers(val: _Val, labels: list[str], key: str, owner: str = "") -> tuple[float, ...]:
    items = _list(val, key)
    if len(items) != len(labels):
        raise _fail(val.key_at or val.at, f"{len(labels)} labels but {len(items)} values{owner}",
                    "give exactly one value for each label, in the same order")
    return tuple(_number(item, f"'{label}'{owner}") for item, label in zip(items, labels, strict=True))


def _series(fields: dict[str, _Val], kind: str, labels: list[str], where: _At) -> tuple[Series, ...]:
    if kind != "stacked":
        if "series" in fields:
            raise _fail(fields["series"].key_at or where, f"`series:` is only for stacked charts, not {kind}",
                        "use `values:`, or set `kind: stacked`")
        if "values" not in fields:
            raise _fail(where, "the chart has no `values:`", "add a line like `values: [63, 37]`, one per label")
        return (Series("", _numbers(fields["values"], labels, "values")),)
    if "values" in fields:
        raise _fail(fields["values"].key_at or where, "a stacked chart takes `series:`, not `values:`",
                    "write `series:` with one `- name: ...` and `values: [...]` per colour")
    if "series" not in fields:
        raise _fail(where, "the stacked chart has no `series:`",
                    "add `series:` with lines `- {name: Yes, values: [4, 3]}`, one per colour")
    result = []
    for item in _list(fields["series"], "series"):
        entry = item.data
        if not isinstance(entry, dict) or "name" not in entry or "values" not in entry:
            raise _fail(item.at, "each series needs a `name:` and `values:`",
                        "write it as `- {name: Yes, values: [4, 3, 3]}`")
        name = _text(entry["name"], "name")
        result.append(Series(name, _numbers(entry["values"], labels, "values", f" in series '{name}'")))
    if len(result) > MAX_COLOURS:
        raise _fail(fields["series"].key_at or where, f"{len(result)} series, but colours run out after {MAX_COLOURS}",
                    "combine the smallest series into one")
    return tuple(result)


def _check_total(fields: dict[str, _Val], spec: ChartSpec, where: _At) -> None:
    if spec.total is None:
        return
    at = (fields.get("values") or fields.get("series") or fields["total"]).key_at or where
    # A stacked chart's total applies to each stack; other kinds have one set of values.
    sums = ([(f" for '{label}'", sum(s.values[i] for s in spec.series)) for i, label in enumerate(spec.labels)]
            if spec.kind == "stacked" else [("", sum(spec.values))])
    for whose, got in sums:
        if abs(got - spec.total) > spec.tolerance:
            raise _fail(at, f"values{whose} sum to {format_number(got)}, but total: {format_number(spec.total)} "
                            f"(allowed difference: {format_number(spec.tolerance)})",
                        "correct the values or remove `total:` (the `total:` line turns this check on; "
                        "`tolerance:` sets how far off the sum may be, default 1)")


def parse_chart_block(text: str, *, path: str, line: int, data_dir: Path) -> ChartSpec:
    """Check the YAML of a ```chart block whose opening fence is on `line` of `path`."""
    fence = _At(str(path), line)
    fields = _read_mapping(text, str(path), line + 1, "the chart block", fence)
    for key, val in fields.items():
        if key not in KEYS:
            raise _fail(val.key_at or fence, f"unknown key '{key}'{_did_you_mean(key, KEYS)}",
                        f"use only: {', '.join(KEYS)}")
    if "data" in fields:
        # Keys written in the block win over the data file's, so a post can retitle a figure.
        fields = {**_load_data(fields["data"], Path(data_dir)),
                  **{k: v for k, v in fields.items() if k != "data"}}
        for key, val in fields.items():
            if key not in KEYS or key == "data":
                raise _fail(val.key_at or fence, f"unknown key '{key}' in the data{_did_you_mean(key, KEYS)}",
                            f"use only: {', '.join(k for k in KEYS if k != 'data')}")
    kind = _text(fields["kind"], "kind").lower() if "kind" in fields else "bar"
    if kind not in KINDS:
        raise _fail(fields["kind"].key_at or fence, f"unknown chart kind '{kind}'{_did_you_mean(kind, KINDS)}",
                    f"use one of: {', '.join(KINDS)}")
    title = _text(fields["title"], "title") if "title" in fields else ""
    if not title:
        raise _fail((fields["title"].key_at if "title" in fields else None) or fence,
                    "the chart has no title", "add a line like `title: Under investigation`")
    if "labels" not in fields:
        raise _fail(fence, "the chart has no `labels:`", "add a line like `labels: [Yes, No]`")
    label_vals = _list(fields["labels"], "labels")
    labels = [_text(v, "labels") for v in label_vals]
    for val, label in zip(label_vals, labels, strict=True):
        if not label:
            raise _fail(val.at, "a label is empty", "write a word for each label, like `labels: [Yes, No]`")
    series = _series(fields, kind, labels, fence)
    if kind in ("pie", "donut"):
        if len(labels) > MAX_COLOURS:
            raise _fail(fields["labels"].key_at or fence, f"{len(labels)} slices, but colours run out after {MAX_COLOURS}",
                        "use `kind: bar`, or combine the smallest slices into 'Other'")
        if not any(series[0].values):
            raise _fail(fields["values"].key_at or fence, "every value is 0, so there is no pie to draw",
                        "correct the values, or use `kind: bar`")
    spec = ChartSpec(
        kind=kind, title=title, labels=tuple(labels), series=series,
        unit=_text(fields["unit"], "unit") if "unit" in fields else "",
        note=_text(fields["note"], "note") if "note" in fields else "",
        description=_text(fields["description"], "description") if "description" in fields else "",
        total=_number(fields["total"], "`total:`") if "total" in fields else None,
        tolerance=_number(fields["tolerance"], "`tolerance:`") if "tolerance" in fields else 1.0,
    )
    _check_total(fields, spec, fence)
    return spec


__all__ = ["KINDS", "ChartSpec", "Series", "format_number", "parse_chart_block", "render_chart"]
