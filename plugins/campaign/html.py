"""`make html` in one Python process, without invoke's start-up (issue 18).

`make html` used to start Python three times (the system-package check, invoke, then the build
inside invoke, whose import alone took most of a second) and check every post before building.
Now the Makefile checks system packages once (a stamp, see the Makefile), and this module runs
what `invoke build` runs: the check, then the safe build. The check's verdict is kept: when no
file it reads has changed since a clean check (content/, pelicanconf.py, the plugin's code,
the build day), it is not run again. A check that found problems is never kept.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sys
from datetime import date
from pathlib import Path

#: Where a clean check's inputs are remembered (under the project's .cache/, which `make clean` removes).
STAMP = Path(".cache") / "campaign" / "check-clean"


def check_inputs(root: Path) -> str:
    """A digest of everything `make check` reads: names, sizes and change times, and the day."""
    digest = hashlib.sha256(f"{date.today()}|{os.environ.get('CAMPAIGN_TODAY', '')}".encode())
    files = [root / "pelicanconf.py", *sorted((root / "content").rglob("*")),
             *sorted((root / "plugins").rglob("*.py"))]
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def check_unless_unchanged(root: Path) -> int:
    """Run the check (printing its problems) unless nothing it reads changed since a clean one."""
    from .checks import main as check_main

    stamp = root / STAMP
    inputs = check_inputs(root)
    try:
        if stamp.read_text(encoding="utf-8") == inputs:
            print("Checked: nothing changed since the last clean check.")
            return 0
    except OSError:
        pass
    code = check_main(root)
    if code == 0:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(inputs, encoding="utf-8")
    return code


def build_site(root: Path, settings: str, output: str, preview: bool = False) -> None:
    """The safe build with post-processing; exits with the problems if it fails."""
    from .build import BuildFailed, build, describe_stats
    from .postprocess import postprocess

    if preview:
        os.environ["CAMPAIGN_PREVIEW"] = "1"
    try:
        result = build(settings, output, postprocess=postprocess)
    except BuildFailed as err:
        sys.exit(f"Build failed; the previous site in {output}/ is unchanged.\n{err}")
    # `make publish` may build outside the project (a temporary folder, PUBLISH_DIR elsewhere).
    shown = result.output.relative_to(root) if result.output.is_relative_to(root) else result.output
    print(f"Built {shown}/ in {result.seconds:.1f} s{describe_stats(result.stats)}")


def init_logging() -> None:
    """Pelican's warnings, and our one-line summaries (PDFs rendered...)."""
    from pelican.log import init

    init(level=logging.WARNING)
    logging.getLogger("campaign").setLevel(logging.INFO)


def main() -> int:
    """`python -m campaign.html` from the project folder: check (unless unchanged), then build."""
    root = Path.cwd()
    init_logging()
    code = check_unless_unchanged(root)
    if code:
        return code
    build_site(root, "pelicanconf.py", "output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
