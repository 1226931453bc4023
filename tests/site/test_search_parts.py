"""A large site's search index comes in parts: every page in exactly one part, only the changed
part made again, and the parts together hold what a single index would (the search root: a
dozen posts over four months, in parts of SMALL_SEARCH_PARTS pages)."""
from __future__ import annotations

import filecmp
import gzip
import json
from pathlib import Path

from campaign.outputs.search import Part, plan_parts
from tests.conftest import (
    ROOTS,
    SMALL_SEARCH_PARTS,
    copy_root,
    run_build,
    settings_with,
)


def _fragment_urls(bundle: Path) -> set[str]:
    urls = set()
    for path in (bundle / "fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        urls.add(json.loads(raw[raw.index(b"{"):])["url"])
    return urls


def _bundles(root: Path) -> dict[str, Path]:
    merge = json.loads((root / "pagefind" / "parts.json").read_text())["merge"]
    return {"": root / "pagefind", **{name: root / "pagefind" / name for name in merge}}


def test_plan_keeps_whole_months_and_puts_pages_in_the_newest_part():
    pages = [f"2021/{month:02}/p{i}/index.html" for month in range(1, 5) for i in range(3)]
    pages += ["about/index.html", "contact/index.html"]
    main, *rest = plan_parts(pages, part_pages=5)
    assert [part.name for part in rest] == ["2021-01"]
    assert rest[0].pages == tuple(p for p in sorted(pages) if p[:7] in ("2021/01", "2021/02"))
    assert main.name == "" and set(main.pages) == set(pages) - set(rest[0].pages)
    assert plan_parts(pages, part_pages=100) == [Part("", tuple(sorted(pages)))]


def test_plan_is_stable_when_a_later_month_grows():
    pages = [f"2021/{month:02}/p{i}/index.html" for month in (1, 2, 3) for i in range(4)]
    before = [p for p in plan_parts(pages, part_pages=4) if p.name]
    after = [p for p in plan_parts([*pages, "2021/03/new/index.html", "2021/04/newer/index.html"], part_pages=4)
             if p.name]
    assert [p.name for p in before] == ["2021-01", "2021-02"]
    assert after[:len(before)] == before


def test_every_page_is_in_exactly_one_part_and_the_union_is_the_single_index(roots, parted_site):
    bundles = _bundles(parted_site.root)
    assert len(bundles) >= 2, f"CAMPAIGN_SEARCH_PART_PAGES={SMALL_SEARCH_PARTS} should give several parts"
    seen: list[str] = []
    for bundle in bundles.values():
        seen += _fragment_urls(bundle)
    assert len(seen) == len(set(seen)), "a page is in two parts"
    assert set(seen) == _fragment_urls(roots("search").root / "pagefind")


def test_merged_parts_hold_only_data_the_main_bundle_holds_the_scripts(parted_site):
    bundles = _bundles(parted_site.root)
    main = bundles.pop("")
    assert (main / "pagefind.js").is_file() and (main / "wasm.en-gb.pagefind").is_file()
    for bundle in bundles.values():
        names = {p.name for p in bundle.iterdir()}
        assert "pagefind-entry.json" in names
        assert not {n for n in names if n.endswith(".js") or n.startswith("wasm.")}, names


def test_editing_one_old_post_makes_only_its_part_again(tmp_path):
    content = copy_root("search", tmp_path)
    env = {"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")}
    conf = settings_with(tmp_path, base="rootconf", CAMPAIGN_SEARCH_PART_PAGES=SMALL_SEARCH_PARTS)
    first = run_build(content, tmp_path / "out1", settings=conf, env=env)
    assert first.returncode == 0, first.stderr
    parts = len(_bundles(tmp_path / "out1"))
    assert f"search index made, in {parts} parts" in first.stdout
    post = content / "posts" / "campaigns" / "2021-01-11-lifts.md"
    post.write_text(post.read_text() + "\nA new closing line about the lifts.\n")
    second = run_build(content, tmp_path / "out2", settings=conf, env=env)
    assert second.returncode == 0, second.stderr
    assert f"search index: 1 of its {parts} parts made again" in second.stdout
    old, new = _bundles(tmp_path / "out1"), _bundles(tmp_path / "out2")
    changed = [name for name in old if filecmp.dircmp(old[name], new[name]).diff_files
               or filecmp.dircmp(old[name] / "fragment", new[name] / "fragment").left_only]
    assert len(changed) == 1 and changed[0].startswith("2021"), changed
    assert changed == ["2021-01/"], changed  # the oldest part (January and February), by its folder
    assert "/2021/01/neighbours-report-on-the-lifts/" in _fragment_urls(new[changed[0]])


def test_a_bad_part_size_stops_the_build_and_names_the_setting(tmp_path):
    conf = settings_with(tmp_path, base="rootconf", CAMPAIGN_SEARCH_PART_PAGES="lots")
    result = run_build(ROOTS / "minimal", tmp_path / "out", settings=conf)
    assert result.returncode != 0
    assert "CAMPAIGN_SEARCH_PART_PAGES = 'lots' is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "out").exists()
