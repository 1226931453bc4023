"""Two steps every way of building shares (make html's full build, its body path, the preview):
the check's pass before anything is written, and refusing what Pelican only logs at ERROR.

Their own module so that build.py and the paths it chooses between (body_edit.py) import them
without importing each other.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import BuildFailed, CampaignError
from ..outputs.image_use import PUBLISHED_IMAGES


class ErrorCollector(logging.Handler):
    """Pelican logs some failures at ERROR (a file it could not read) and carries on; we do not.

    Only the record's level is judged, never its words: the failures a volunteer causes are
    found by the plugin first (pelican_failures.py) and reported with file, line and fix; what
    is left here is shown as Pelican wrote it.
    """

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


@contextmanager
def errors_logged() -> Iterator[ErrorCollector]:
    """While this lasts, what is logged at ERROR anywhere is kept in the collector it gives."""
    collector = ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield collector
    finally:
        root.removeHandler(collector)


def validate(settings: dict, root: Path) -> None:
    """The check's own pass (checks.check_content) over what this build will read; BuildFailed on any problem.

    Run before Pelican writes anything, so `make check` passing means this build gets past it,
    and a problem stops the build with the same message `make check` prints.
    """
    from .. import settings as campaign_settings
    from ..checks import site as checks

    try:
        report = checks.check_content(settings, campaign_settings.load(settings), root)
    except CampaignError as err:
        raise BuildFailed.because(err) from None
    if report.problems:
        raise BuildFailed(report.problems)  # the problems kept, for callers that read them
    # The pictures published content uses: plugin.on_static_finalized copies only these.
    settings[PUBLISHED_IMAGES] = report.images
