"""Build content/ with an earlier commit and with this tree (`make html`), then diff the two sites.

    .venv/bin/python bench/compare_sites.py [--base COMMIT] [--today YYYY-MM-DD] [--work DIR]

The earlier commit is checked out as a detached git worktree under --work (made once, reused),
with its own .venv (`make .venv/.installed`). Each tree builds its own content/ with its own
cache folder, both as of the same day (CAMPAIGN_TODAY), so only the code can differ. The
report lists files only in one site, then every file whose bytes differ, with the first lines
that differ, then every distinct changed line with the number of files it is in (the same
change on every page counted once, so each cause can be named). The exit status is 0 only
when the two sites are the same byte for byte.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
#: The state of the code before the restructure (issue 15).
BASE = "1f55b22ed4b1bfd3fff9504649ea3e1e295ba508"


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> None:
    """Run `cmd` in `cwd`; stop with its output if it fails."""
    done = subprocess.run(cmd, check=False, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} (in {cwd}) failed:\n{done.stdout}{done.stderr}")


def checkout(base: str, work: Path) -> Path:
    """A worktree of `base` at work/base (made once), with its virtual environment."""
    tree = work / "base"
    if not tree.exists():
        work.mkdir(parents=True, exist_ok=True)
        run(["git", "worktree", "add", "--detach", str(tree), base], HERE)
    run(["make", ".venv/.installed"], tree)
    return tree


def build(tree: Path, today: str, cache: Path) -> Path:
    """`make html` in `tree` as of `today`, with its own cache; the output folder."""
    run(["make", "html"], tree, {"CAMPAIGN_TODAY": today, "CAMPAIGN_CACHE_PATH": str(cache)})
    return tree / "output"


def files_of(site: Path) -> dict[str, Path]:
    """Every file under `site`, by its path relative to it."""
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}


def changed_lines(a: bytes, b: bytes) -> list[str]:
    """Every removed (-) and added (+) line between two text files; one line for binary ones."""
    try:
        old, new = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [f"(binary: {len(a)} bytes before, {len(b)} after)"]
    return [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _pattern(line: str) -> str:
    # The same change on every post's page counts once: post addresses become POST.
    return re.sub(r"\d{4}/\d{2}/[a-z0-9-]+", "POST", line)[:200]


def compare(before: Path, after: Path, lines_shown: int = 6) -> int:
    """Print every difference between the two sites; the number of differing paths."""
    old, new = files_of(before), files_of(after)
    only_old, only_new = sorted(old.keys() - new.keys()), sorted(new.keys() - old.keys())
    changed = [rel for rel in sorted(old.keys() & new.keys()) if old[rel].read_bytes() != new[rel].read_bytes()]
    print(f"{len(old)} files before, {len(new)} after; {len(only_old)} only before, {len(only_new)} only after, "
          f"{len(changed)} differ")
    for rel in only_old:
        print(f"only before: {rel}")
    for rel in only_new:
        print(f"only after:  {rel}")
    patterns: Counter[str] = Counter()
    for rel in changed:
        print(f"differs:     {rel}")
        if rel.endswith(".gz"):
            ungzipped = rel.removesuffix(".gz")
            if ungzipped in changed:
                continue  # follows its file
            print("    (the gzip copy of a file whose bytes are the same: gzip itself differs)")
            continue
        lines = changed_lines(old[rel].read_bytes(), new[rel].read_bytes())
        print("\n".join("    " + line[:200] for line in lines[:lines_shown]))
        if len(lines) > lines_shown:
            print(f"    ... {len(lines) - lines_shown} more")
        patterns.update({_pattern(line) for line in lines})
    if patterns:
        print("\nEvery distinct changed line (post addresses as POST), with the number of files it is in:")
        for line, count in sorted(patterns.items(), key=lambda item: (-item[1], item[0])):
            print(f"{count:5d}  {line}")
    return len(only_old) + len(only_new) + len(changed)


def main(argv: list[str] | None = None) -> int:
    """Build both trees (unless --no-build) and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help="the earlier commit (default: before issue 15)")
    parser.add_argument("--today", default="2026-11-21", help="build both as of this day")
    parser.add_argument("--work", type=Path, default=Path("/tmp/compare-sites"), help="worktree and caches")
    parser.add_argument("--no-build", action="store_true", help="compare the outputs already built")
    args = parser.parse_args(argv)
    tree = checkout(args.base, args.work.resolve())
    if args.no_build:
        before, after = tree / "output", HERE / "output"
    else:
        before = build(tree, args.today, args.work.resolve() / "cache-before")
        after = build(HERE, args.today, args.work.resolve() / "cache-after")
    return 1 if compare(before, after) else 0


if __name__ == "__main__":
    sys.exit(main())
