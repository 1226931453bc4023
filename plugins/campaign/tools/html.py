"""`make html` in one Python process, without invoke's start-up.

`make html` used to start Python three times (the system-package check, invoke, then the build
inside invoke, whose import alone took most of a second). Now the Makefile checks system
packages once (a stamp, see the Makefile), and this module runs what `invoke build` runs: the
safe build, which runs the check's own pass first (build.validate). That pass is cheap when
little changed because each file's verdict is kept (checks/verdicts.py, the "check verdict"
entries of the cache seam); there is no other record of a clean check.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def build_site(root: Path, settings: str, output: str, preview: bool = False) -> None:
    """The safe build; exits with the problems if it fails."""
    from ..interrupt import BuildInterrupted
    from .build import BuildFailed, build, describe

    if preview:
        os.environ["CAMPAIGN_PREVIEW"] = "1"
    try:
        result = build(settings, output)
    except BuildFailed as err:
        sys.exit(f"Build failed; the previous site in {output}/ is unchanged.\n{err}")
    except BuildInterrupted as err:
        print(f"Build {err}; the previous site in {output}/ is unchanged.", file=sys.stderr)
        sys.exit(128 + err.signum)
    # `make publish` may build outside the project (a temporary folder, PUBLISH_DIR elsewhere).
    shown = result.output.relative_to(root) if result.output.is_relative_to(root) else result.output
    print(describe(result, f"{shown}/"))


def init_logging() -> None:
    """Pelican's warnings, and our one-line summaries (PDFs rendered...)."""
    from .build import init_logging as init

    init()


def main() -> int:
    """`python -m campaign.tools.html` from the project folder: unless the site is up to date, check, then build."""
    from .settings_reader import defer_pelican_init

    root = Path.cwd()
    defer_pelican_init()  # a site that is up to date never loads more of Pelican than its settings
    init_logging()
    # No separate check first: the build runs the check's own pass (build.validate).
    build_site(root, "pelicanconf.py", "output")
    return 0


if __name__ == "__main__":
    sys.exit(main())
