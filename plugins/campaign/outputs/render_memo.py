"""A page whose inputs did not change is not rendered again: the last build's bytes are reused.

A page is a function of the template files, the settings and code, and the values of the names
its templates looked up while rendering it. Those names are recorded during each render (every
name a Jinja context resolves, also from included templates and from functions given the
context, which read it through `Context.get`). The next build fingerprints the values the same
names have then; the same fingerprint, with the last build's file still holding the bytes
recorded for it, means the page is those bytes.

Invariants (each tested in tests/site/test_render_memo.py):
- A rebuild is byte for byte a clean build: a value whose fingerprint cannot be made exactly (an
  object with no stable form) makes its page render, and so does any doubt about the record.
- A post's fingerprint holds its text as pages show it (links to other posts resolved), so a
  post whose link target moved is rendered again.
- Templates show the build day, never the instant: `CAMPAIGN.now` (which decides the embargo,
  and so which posts exist) is left out of fingerprints, `CAMPAIGN.today` is in.
- Settings, template files, the plugin's code and the libraries under it are in every page's
  fingerprint: any change to them renders every page.
"""
from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import inspect
import json
import logging
import marshal
import os
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

from jinja2.runtime import Context
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

from ..cache.content import code_digest
from ..cache.files import output_record, write_atomically
from ..cache.fingerprint import Unstable  # a value with no stable form: its page is rendered

log = logging.getLogger(__name__)

#: Settings that say where this one build writes or what it did, never what a page shows.
_RUN_SETTINGS = {"OUTPUT_PATH", "CAMPAIGN_PREVIOUS_OUTPUT"}
#: Attributes of Pelican's objects that are the whole site or its settings: the values a page
#: shows from them are fingerprinted where the page reaches them (by name, or in the post's text).
_SKIPPED_ATTRIBUTES = {"settings", "_context"}
#: Where the record of the last build's pages is kept, under the campaign cache root.
RECORD_FOLDER = "pages"
_FORMAT = 2  # 2: long text and bytes by digest (_scalar)

# --- Recording the names a render looks up ----------------------------------------------------

_recording: list[set[str]] = []
_resolve = Context.resolve_or_missing


def _recording_resolve(self: Context, key: str) -> Any:
    if _recording:
        _recording[-1].add(key)
    return _resolve(self, key)


def install() -> None:
    """Record the names every Jinja render looks up (idempotent; only while a recording is open)."""
    Context.resolve_or_missing = _recording_resolve  # type: ignore[method-assign]


# --- Fingerprints -----------------------------------------------------------------------------

def _h(*parts: bytes | str) -> bytes:
    # The repr of a tuple of str and bytes is unambiguous (quoted, escaped), and made in C.
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).digest()


_SCALARS = (str, int, float, bool, type(None), date, datetime, time, timedelta, tzinfo, Decimal, PurePath, bytes)
#: Text and bytes longer than this are fingerprinted by their digest, not their repr: a post's
#: text and its PDF's bytes made repr (which escapes every character) a third of the cost.
_LONG = 256
#: The plain types most members are, tested by exact type before the longer isinstance checks.
_PLAIN = {str, int, float, bool, type(None)}


def _scalar(value: Any) -> str:
    """A plain value's typed form: its repr, or for long text and bytes the blake2b of their bytes.

    Unambiguous: a repr of text or bytes starts with a quote (or b and a quote), a digest with `#`.
    """
    kind = type(value)
    if (kind is str or kind is bytes or isinstance(value, (str, bytes))) and len(value) > _LONG:
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)
        return f"{kind.__name__}#{hashlib.blake2b(data, digest_size=16).hexdigest()}"
    return f"{kind.__name__}:{value!r}"


class Fingerprints:
    """Fingerprints of one build's values, objects remembered by identity for that build."""

    def __init__(self, text_of) -> None:
        # `text_of(post)`: the post's text as pages show it (Pelican's memoized content).
        self.text_of = text_of
        self._memo: dict[Any, bytes] = {}
        self._alive: list[Any] = []  # the remembered objects, kept so their ids are not reused
        self._open: set[Any] = set()
        # A tag, category or author by its state: each post has its own Tag objects for the same
        # few tags, and working out their addresses was a sixth of fingerprinting the site.
        self._wrappers: dict[tuple, bytes] = {}

    def keep(self, value: Any) -> None:
        """Keep `value` alive for the build, so a fingerprint remembered by its identity stays its own."""
        self._alive.append(value)

    def of(self, value: Any) -> bytes:
        """A 16-byte fingerprint of `value`; Unstable if it has none."""
        if type(value) in _PLAIN:
            return _h(_scalar(value))
        # Lists and dicts are remembered by identity and length for the build: Pelican completes
        # and sorts the site's lists before it writes any page (a list that grew is seen anew).
        # Only objects kept alive (`_alive`) are remembered, so no other value has their identity.
        key = (id(value), len(value)) if isinstance(value, (list, dict, set)) else id(value)
        found = self._memo.get(key)
        if found is not None:
            return found
        if isinstance(value, _SCALARS):
            return _h(_scalar(value))
        if isinstance(value, enum.Enum):
            return _h("enum", type(value).__qualname__, repr(value.value))
        if key in self._open:  # a cycle (a post and its translations): named, not followed
            return _h("cycle", type(value).__qualname__, str(getattr(value, "source_path", "")))
        self._open.add(key)
        try:
            found = self._of(value)
        finally:
            self._open.discard(key)
        self._memo[key] = found
        self._alive.append(value)
        return found

    def _part(self, value: Any) -> bytes | str:
        # A member of a list, dict or object: a plain value as its typed repr, hashed with the
        # rest in one go (most members are plain: hashing each alone was most of the cost).
        kind = type(value)
        if kind is str and len(value) <= _LONG:
            return f"str:{value!r}"  # what _scalar gives, without its checks
        if kind in _PLAIN or isinstance(value, _SCALARS):
            return _scalar(value)
        return self.of(value)

    def _of(self, value: Any) -> bytes:
        if isinstance(value, (list, tuple)):
            return _h(type(value).__name__, *(self._part(v) for v in value))
        if isinstance(value, dict):
            return _h("dict", *sorted(repr((self._part(k), self._part(v))) for k, v in value.items()))
        if isinstance(value, (set, frozenset)):
            return _h("set", *sorted(repr(self._part(v)) for v in value))
        if isinstance(value, functools.partial):
            return _h("partial", self.of(value.func), self.of(value.args), self.of(value.keywords))
        if inspect.ismethod(value):  # what it does depends on the object it is bound to
            return _h("method", value.__qualname__, self.of(value.__self__))
        if isinstance(value, type) or inspect.isbuiltin(value):
            return _h("code", getattr(value, "__module__", "") or "", value.__qualname__)
        if inspect.isfunction(value):
            # Its code (a filter in the settings file may be edited under the same name), the
            # values it closes over, and its defaults.
            cells = [c.cell_contents for c in value.__closure__ or ()]
            return _h("function", value.__module__, value.__qualname__, marshal.dumps(value.__code__),
                      self.of(cells),
                      self.of(value.__defaults__ or ()), self.of(value.__kwdefaults__ or {}))
        if dataclasses.is_dataclass(value):
            fields = [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]
            if type(value).__name__ == "CampaignSettings":
                fields = [(n, v) for n, v in fields if n != "now"]  # the day is in; see the docstring
            return _h("data", type(value).__qualname__, *(repr((n, self._part(v))) for n, v in fields))
        if isinstance(value, URLWrapper):
            # A tag, category or author is its name and addresses. (Its own attributes change as
            # pages use it: Pelican fills in its slug, and copies name and slug on every address.)
            # Its addresses follow from its class, its settings and its own attributes: wrappers
            # alike in all three are one fingerprint.
            try:
                state = (type(value), id(value.settings),
                         tuple(sorted((k, v) for k, v in vars(value).items() if k != "settings")))
                hash(state)
            except TypeError:  # an attribute that cannot be a key: worked out for this one
                state = None
            found = None if state is None else self._wrappers.get(state)
            if found is None:
                found = _h("named", type(value).__qualname__, value.name, value.slug, value.url, value.save_as)
                if state is not None:
                    self._wrappers[state] = found
                    self._alive.append(value.settings)  # its identity is in the key
            return found
        if isinstance(value, Paginator):
            # Templates use a paginator for its counts (tested): its pages' posts are each page's own.
            return _h("paginator", value.name, value.url, repr((value.per_page, value.orphans, value.count,
                                                                 value.num_pages)))
        if isinstance(value, Page):
            return _h("page", value.full_name, value.base_url, repr(value.number), self.of(value.object_list),
                      self.of(value.paginator))
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            raise Unstable(type(value).__qualname__)
        parts: list[bytes | str] = []
        for name in sorted(attributes):
            if name in _SKIPPED_ATTRIBUTES:
                continue
            item = attributes[name]
            if name == "_content" and isinstance(item, str):
                item = self.text_of(value)  # the text as shown: links to other posts resolved
            parts += [name, self._part(item)]
        return _h("object", type(value).__module__, type(value).__qualname__, *parts)


def settings_fingerprint(prints: Fingerprints, settings: dict) -> bytes:
    """The settings that shape pages, with the code and libraries; Unstable if one cannot be fingerprinted."""
    kept = {k: v for k, v in settings.items() if not k.startswith("_") and k not in _RUN_SETTINGS}
    return _h(code_digest(), prints.of(kept))


def templates_fingerprint(folders: list[Path]) -> bytes:
    """Every template file's path and bytes, in the folders Pelican's Jinja loads from."""
    parts: list[bytes | str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                parts += [str(path.relative_to(folder)), path.read_bytes()]
    return _h(*parts)


# --- The record, and the templates that use it --------------------------------------------------

class RenderMemo:
    """One build's memo: the last build's record, and this build's, written when the build is done."""

    def __init__(self, record: Path, base: bytes, previous: Path | None, prints: Fingerprints,
                 last: RenderMemo | None = None) -> None:
        self.record, self.base, self.previous, self.prints = record, base, previous, prints
        self.last: dict[str, list] = {}
        self.names: list[list[str]] = []  # the last record's name lists (pages share them)
        self.now: dict[str, list] = {}
        self.now_names: dict[tuple[str, ...], int] = {}
        # (name, identity) -> fingerprint: most of a page's names hold the site-wide context's own
        # objects (every page's context is a copy of it), so each is fingerprinted once a build.
        self._named: dict[tuple[str, int, int], bytes] = {}
        self.rendered = self.reused = 0
        self._carried: dict[int, int] = {}  # index in `names` -> index in `now_names` (carry)
        if last is not None:
            # The live preview's next update: the last record is that memo's, kept in memory.
            self.last = dict(last.now)
            self.names = [list(n) for n in sorted(last.now_names, key=last.now_names.__getitem__)]
            return
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data.get("format") == _FORMAT and data.get("base") == base.hex():
                self.last, self.names = data["pages"], data["names"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no record, or not one this build can trust: every page is rendered

    @classmethod
    def for_build(cls, settings: dict, text_of) -> RenderMemo | None:
        """The memo for the build `settings` describe; None when it cannot be used (no cache)."""
        from ..settings import cache_root
        from .store import previous_output

        root = cache_root(settings)
        if root is None:
            return None
        prints = Fingerprints(text_of)
        theme = Path(settings["THEME"]) / "templates"
        folders = [Path(p) for p in settings.get("THEME_TEMPLATES_OVERRIDES", [])] + [theme]
        try:
            base = _h(settings_fingerprint(prints, settings), templates_fingerprint(folders))
        except Unstable as err:
            log.debug("pages are all rendered: a setting has no stable fingerprint (%s)", err)
            return None
        previous = previous_output(settings)
        target = previous or Path(settings["OUTPUT_PATH"])
        return cls(output_record(Path(root), RECORD_FOLDER, target), base, previous, prints)

    @classmethod
    def carried(cls, record: Path, previous: Path, text_of) -> RenderMemo | None:
        """The record at `record` (of the build that wrote `previous`) as the memo of a build that
        has just made it, its pages all carried: what a header edit starts from in a new process
        (tools/header_path.py), as the live preview starts from the memo it keeps. None: no record."""
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data.get("format") != _FORMAT:
                return None
            base = bytes.fromhex(data["base"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        memo = cls(record, base, previous, Fingerprints(text_of))
        if not memo.last:
            return None
        memo.now = dict(memo.last)
        memo.now_names = {tuple(names): n for n, names in enumerate(memo.names)}
        return memo

    def _fingerprint(self, template_name: str, names: list[str], context: dict) -> str | None:
        parts: list[bytes | str] = []
        try:
            for name in names:
                if name not in context:
                    parts += [name, b"missing"]
                    continue
                value = context[name]
                key = (name, id(value), len(value) if isinstance(value, (list, dict, set)) else -1)
                found = self._named.get(key)
                if found is None:
                    found = self._named[key] = self.prints.of(value)
                    self.prints.keep(value)
                parts += [name, found]
        except Unstable as err:
            log.debug("page rendered: %s has no stable fingerprint", err)
            return None
        return _h(self.base, template_name, *parts).hex()

    def _previous_bytes(self, path: Path | None, digest: str) -> bytes | None:
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def render(self, template, context: dict, may_reuse=None, on_reuse=None) -> str:
        """The page `template` makes from `context`: the last build's, if its inputs are the same
        (and `may_reuse(rel)`, when given, agrees). `on_reuse(rel, path, bytes)` hears of each
        page reused: the last build's file and the bytes it was found to hold (outputs/store.py
        then links it without reading it again)."""
        rel = os.path.normpath(context["output_file"]).replace(os.sep, "/")
        jinja = template
        while not hasattr(jinja, "globals") and hasattr(jinja, "template"):  # a wrapper (page_deps.py)
            jinja = jinja.template
        name = str(getattr(jinja, "name", "") or "")
        globals_ = getattr(jinja, "globals", {})
        values = {**globals_, **context}
        last = self.last.get(rel)
        if last is not None and 0 <= last[0] < len(self.names):
            names = self.names[last[0]]
            if self._fingerprint(name, names, values) == last[1]:
                path = None if self.previous is None else self.previous / rel
                data = self._previous_bytes(path, last[2])
                if data is not None and (may_reuse is None or may_reuse(rel)):
                    self._remember(rel, names, last[1], last[2])
                    self.reused += 1
                    if on_reuse is not None:
                        on_reuse(rel, path, data)
                    return data.decode("utf-8")
        text, names = self._render_recording(template, context)
        fingerprint = self._fingerprint(name, names, values)
        if fingerprint is not None:
            self._remember(rel, names, fingerprint, hashlib.sha256(text.encode("utf-8")).hexdigest())
        return text

    def names_of(self, rel: str) -> list[str] | None:
        """The names the page at `rel` looked up when the last record was made (None: no record)."""
        last = self.last.get(rel)
        return self.names[last[0]] if last is not None and 0 <= last[0] < len(self.names) else None

    def carry(self, rel: str) -> None:
        """Keep the last record of `rel` as it is: the caller knows the page's inputs did not change."""
        last = self.last.get(rel)
        if last is None or not 0 <= last[0] < len(self.names):
            return
        # _remember, its names' index in this record looked up once per list of names (a header
        # edit carries ~1500 pages, a tuple of ~50 names made and hashed for each).
        index = self._carried.get(last[0])
        if index is None:
            index = self._carried[last[0]] = self.now_names.setdefault(tuple(self.names[last[0]]),
                                                                       len(self.now_names))
        self.now[rel] = [index, last[1], last[2]]

    def render_changed(self, template, context: dict) -> str:
        """Render a page the caller knows has changed: its names are recorded, not fingerprinted (the
        values are the costly part), so the next build renders it again."""
        rel = os.path.normpath(context["output_file"]).replace(os.sep, "/")
        text, names = self._render_recording(template, context)
        self._remember(rel, names, "", hashlib.sha256(text.encode("utf-8")).hexdigest())
        return text

    def _render_recording(self, template, context: dict) -> tuple[str, list[str]]:
        """The page, and the names its templates looked up while it rendered (sorted)."""
        _recording.append(set())
        try:
            text = template.render(context)
        finally:
            found = _recording.pop()
        self.rendered += 1
        return text, sorted(found)

    def _remember(self, rel: str, names: list[str], fingerprint: str, digest: str) -> None:
        index = self.now_names.setdefault(tuple(names), len(self.now_names))
        self.now[rel] = [index, fingerprint, digest]

    def save(self) -> None:
        """Keep this build's record for the next (after the build succeeded)."""
        data = {"format": _FORMAT, "base": self.base.hex(), "pages": self.now,
                "names": [list(n) for n in self.now_names]}
        write_atomically(self.record, json.dumps(data, separators=(",", ":")).encode("utf-8"))


class MemoTemplate:
    """A Jinja template as Pelican's writer sees it, rendered through the memo."""

    def __init__(self, template, memo: RenderMemo, may_reuse=None, on_reuse=None) -> None:
        self.template, self.memo, self.may_reuse, self.on_reuse = template, memo, may_reuse, on_reuse

    def __getattr__(self, name: str) -> Any:
        return getattr(self.template, name)

    def render(self, context: dict) -> str:
        return self.memo.render(self.template, context, self.may_reuse, self.on_reuse)
