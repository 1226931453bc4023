"""System packages the build and tests need: find them, or install them (root on Debian), or
stop with the one command that installs them — never a traceback."""
from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys

# WeasyPrint subsets the PDFs' fonts with HarfBuzz's subset library, which Debian ships apart
# from HarfBuzz itself (libharfbuzz-subset0; Pango does not pull it in). Without it WeasyPrint
# falls back to fontTools and logs a warning for every font of every PDF on every build.
PANGO = ("Pango (PDFs)", lambda: ctypes.util.find_library("pango-1.0"), "libpango-1.0-0 libpangoft2-1.0-0")


def _loads(soname: str) -> bool:
    # Loaded by the very name WeasyPrint's cffi dlopen tries on Linux, not looked up in
    # ldconfig's cache (which can name a file that is gone or broken).
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


HARFBUZZ_SUBSET = ("HarfBuzz-Subset (fonts in PDFs)", lambda: _loads("libharfbuzz-subset.so.0"), "libharfbuzz-subset0")

# purpose -> [(what, how to tell it is there, Debian package)]
NEEDS = {
    "build": [PANGO, HARFBUZZ_SUBSET],
    "test": [
        PANGO,
        HARFBUZZ_SUBSET,
        ("Chromium (browser tests)", lambda: shutil.which("chromium"), "chromium"),
        ("poppler-utils (PDF pages)", lambda: shutil.which("pdftoppm"), "poppler-utils"),
        ("nginx (host config test)", lambda: shutil.which("nginx") or os.path.exists("/usr/sbin/nginx"), "nginx-light"),
        ("rsync (publish test)", lambda: shutil.which("rsync"), "rsync"),
        ("Java (HTML checker)", lambda: shutil.which("java"), "default-jre-headless"),
        ("npm (installs the HTML checker)", lambda: shutil.which("npm"), "npm"),
    ],
}


def missing(purpose: str) -> list[tuple[str, str]]:
    """(what, package) for each absent need."""
    return [(what, pkg) for what, present, pkg in NEEDS[purpose] if not present()]


def ensure(purpose: str) -> int:
    """Install what is missing when we can; else print the command. Returns an exit code."""
    absent = missing(purpose)
    if not absent:
        return 0
    packages = " ".join(pkg for _, pkg in absent)
    command = f"apt-get install -y --no-install-recommends {packages}"
    can_install = os.geteuid() == 0 and shutil.which("apt-get") and os.environ.get("CAMPAIGN_NO_INSTALL") != "1"
    if can_install:
        print(f"Installing {', '.join(w for w, _ in absent)}: {command}")
        subprocess.run(["apt-get", "update", "-qq"], check=False)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(command.split(), env=env, check=False)
        if done.returncode == 0 and not missing(purpose):
            return 0
    print(f"Missing: {', '.join(w for w, _ in absent)}. Install with:\n  sudo {command}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(ensure(sys.argv[1] if len(sys.argv) > 1 else "build"))
