"""The cache seam (cache/derived.py): features ask for a derived file by label and inputs only."""
from __future__ import annotations

import ast
from pathlib import Path

from campaign.cache.derived import Derived, entry_key
from campaign.cache.files import ENTRY_MAGIC
from tests.conftest import ROOT

PLUGIN = ROOT / "plugins" / "campaign"


def maker(calls: list, value: bytes):
    def make() -> bytes:
        calls.append(value)
        return value
    return make


def test_an_entry_is_keyed_by_label_inputs_and_code_version(tmp_path):
    calls: list = []
    cache = Derived(tmp_path)
    assert cache.get("text", "a", maker(calls, b"A")) == b"A"
    assert cache.get("text", "a", maker(calls, b"x"), version="2") == b"x"  # another code version
    assert cache.get("other", "a", maker(calls, b"y")) == b"y"  # another label
    assert cache.get("text", [("part", b"a")], maker(calls, b"z")) == b"z"  # labelled parts hash apart
    assert Derived(tmp_path).get("text", "a", maker(calls, b"late")) == b"A"  # a later build
    assert calls == [b"A", b"x", b"y", b"z"]
    assert entry_key("text", [("a", b"bc")]) != entry_key("text", [("ab", b"c")])


def test_a_damaged_entry_is_made_again_and_never_returned(tmp_path):
    calls: list = []
    Derived(tmp_path).get("text", "a", maker(calls, b"good bytes"))
    [entry] = (tmp_path / "derived").glob("*.bin")
    assert entry.read_bytes().startswith(ENTRY_MAGIC)
    entry.write_bytes(entry.read_bytes()[:-3])  # cut short, as a full disk would leave it
    assert Derived(tmp_path).get("text", "a", maker(calls, b"good bytes")) == b"good bytes"
    assert calls == [b"good bytes", b"good bytes"]


def test_many_at_once_makes_only_the_missing_in_one_call(tmp_path):
    cache = Derived(tmp_path)
    cache.get("pdf", "b", lambda: b"B")
    asked = []

    def make(missing: list[int]) -> list[bytes]:
        asked.append(missing)
        return [f"made {i}".encode() for i in missing]

    assert cache.get_many("pdf", ["a", "b", "c"], make) == [b"made 0", b"B", b"made 2"]
    assert asked == [[0, 2]]
    assert (cache.made["pdf"], cache.reused["pdf"]) == (3, 1)
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 3  # a person can open a kept PDF


def test_without_a_root_everything_is_made_and_nothing_kept(tmp_path):
    calls: list = []
    cache = Derived(None)
    cache.get("text", "a", maker(calls, b"A"))
    cache.get("text", "a", maker(calls, b"A"))
    assert calls == [b"A", b"A"]


def test_a_derived_folder_is_kept_whole_and_checked_file_by_file(tmp_path):
    runs = []

    def make(folder: Path) -> None:
        runs.append(folder)
        (folder / "sub").mkdir(parents=True)
        (folder / "a.json").write_bytes(b"{}")
        (folder / "sub" / "b.bin").write_bytes(b"\0\1")

    files, made = Derived(tmp_path).get_folder("search bundle", "pages", make)
    assert made and files == {"a.json": b"{}", "sub/b.bin": b"\0\1"}
    assert Derived(tmp_path).get_folder("search bundle", "pages", make) == (files, False)
    [kept] = [p for p in (tmp_path / "pagefind").iterdir() if p.is_dir()]
    (kept / "sub" / "b.bin").write_bytes(b"changed")
    assert Derived(tmp_path).get_folder("search bundle", "pages", make) == (files, True)
    assert len(runs) == 2


def _one_file(folder: Path) -> None:
    folder.mkdir()
    (folder / "x").write_text("x")


def test_unused_folders_go_but_the_newest_few(tmp_path):
    for n in range(4):
        Derived(tmp_path).get_folder("search bundle", str(n), _one_file)
    cache = Derived(tmp_path)
    cache.get_folder("search bundle", "3", lambda _folder: None)
    cache.forget_unused_folders("search bundle", keep_extra=1)
    assert len([p for p in (tmp_path / "pagefind").iterdir() if p.is_dir()]) == 2  # the used one and one more


def _names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    found |= {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    found |= {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    found |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    return found


def test_features_never_see_a_cache_path_or_the_previous_site():
    features = ["outputs/downloads.py", "outputs/calendars.py", "outputs/search.py", "outputs/site_files.py",
                "outputs/pdf_cache.py"]
    for rel in features:
        names = _names(PLUGIN / rel)
        assert not names & {"cache_root", "cache.files", "cache.content", "read_entry", "write_entry", "previous_output", "previous_of",
                            "PREVIOUS_SETTING"}, rel


def test_the_cache_roots_default_is_written_once():
    places = [p.relative_to(ROOT).as_posix() for p in [*PLUGIN.rglob("*.py"), *ROOT.glob("*.py")]
              if ".cache/campaign" in "".join(str(n.value) for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                                               if isinstance(n, ast.Constant) and isinstance(n.value, str))]
    # In cache/__init__.py, not settings.py: the up-to-date decision reads it without loading the plugin.
    assert places == ["plugins/campaign/cache/__init__.py"]
