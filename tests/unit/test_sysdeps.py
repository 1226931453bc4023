"""A missing system package stops with the exact command that installs it, not a traceback."""
import subprocess
import sys

from tests.conftest import ROOT


def test_missing_chromium_prints_the_apt_command(tmp_path):
    # An empty PATH hides chromium, pdftoppm, nginx, rsync and java from the check.
    env = {"PATH": str(tmp_path), "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_NO_INSTALL": "1"}
    result = subprocess.run([sys.executable, "-m", "campaign.tools.sysdeps", "test"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Missing: " in result.stderr and "Chromium (browser tests)" in result.stderr
    assert "sudo apt-get install -y --no-install-recommends" in result.stderr
    assert " chromium" in result.stderr and "poppler-utils" in result.stderr
    assert "Traceback" not in result.stderr


def test_present_packages_pass_quietly():
    env = {"PATH": "/usr/bin:/usr/sbin:/bin", "PYTHONPATH": str(ROOT / "plugins"), "CAMPAIGN_NO_INSTALL": "1"}
    result = subprocess.run([sys.executable, "-m", "campaign.tools.sysdeps", "build"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
