"""Why every build warned about fontTools: WeasyPrint subsets fonts with HarfBuzz's subset
library, which Debian packages apart (libharfbuzz-subset0) and Pango does not pull in.

With the library present (see test_feeds_and_log: a cold build with PDFs prints no warning),
nothing is said. Here the library is hidden, in a mount namespace of the test's own (a bind
mount of /dev/null over the file, so the machine is untouched): the system-package check names
the package to install, and WeasyPrint falls back to fontTools with its warning.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIBRARY = Path("/usr/lib/x86_64-linux-gnu/libharfbuzz-subset.so.0")
RENDER = """
import logging, sys
sys.path.insert(0, {plugins!r})
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
from datetime import date
from pathlib import Path
from campaign.outputs.pdf import PdfDocument, render_pdf
doc = PdfDocument(kind="leaflet", title="Fonts", body_html="<p>Some words to subset.</p>", date=date(2021, 1, 1),
                  url="https://example.org/x/", contact="a@example.org", source_path="x.md", author="Us")
data = render_pdf(doc, theme_dir=Path({theme!r}), content_dir=Path({content!r}))
print("PDF", len(data))
"""


def hidden(*command: str) -> subprocess.CompletedProcess:
    if not shutil.which("unshare") or not LIBRARY.exists():
        pytest.skip("needs unshare and Debian's libharfbuzz-subset0 at " + str(LIBRARY))
    real = os.path.realpath(LIBRARY)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_NO_INSTALL": "1"}
    done = subprocess.run(["unshare", "-m", "--", "sh", "-c", f'mount --bind /dev/null "{real}" && exec "$@"', "sh",
                           *command], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    if "mount:" in done.stderr or done.stderr.startswith("unshare:"):
        pytest.skip("this machine does not allow a mount namespace: " + done.stderr.strip())
    return done


def test_the_package_check_names_libharfbuzz_subset0_when_it_is_missing():
    done = hidden(sys.executable, "-m", "campaign.tools.sysdeps", "build")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Missing: HarfBuzz-Subset (fonts in PDFs). Install with:" in done.stderr
    assert "apt-get install -y --no-install-recommends libharfbuzz-subset0" in done.stderr


def test_without_it_weasyprint_warns_on_every_pdf(tmp_path):
    code = RENDER.format(plugins=str(ROOT / "plugins"), theme=str(ROOT / "theme"), content=str(tmp_path))
    done = hidden(sys.executable, "-c", code)
    assert done.returncode == 0, done.stderr
    assert "Using fontTools instead of HarfBuzz-Subset" in done.stderr
    # And with it (the same render, no namespace): not a word.
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert plain.returncode == 0 and "PDF" in plain.stdout
    assert "HarfBuzz" not in plain.stderr and "fontTools" not in plain.stderr
