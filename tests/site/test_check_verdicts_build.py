"""The real build keeps the check's per-file verdicts and says the same thing with them: a second
build over every mistake (all verdicts kept) fails with exactly the first one's lines, which are
`make check`'s, and an edit is judged afresh by the next build."""
from __future__ import annotations

from pathlib import Path

from campaign.checks.site import check_site
from tests.conftest import copy_root, run_build, settings_with


def _lines(stderr: str) -> list[str]:
    lines = stderr.strip().splitlines()
    assert lines[0].startswith("Build failed; the previous site in "), stderr
    return lines[1:]


def test_a_build_with_kept_verdicts_fails_as_the_first_did(tmp_path):
    content = copy_root("mistakes", tmp_path)
    settings = settings_with(tmp_path, base="rootconf")
    cache = tmp_path / "cache"
    env = {"CAMPAIGN_CACHE_PATH": str(cache)}
    first = run_build(content, tmp_path / "out", settings=settings, env=env)
    kept = sorted((cache / "derived").glob("*.bin"))
    assert first.returncode != 0 and len(kept) == len(list(content.rglob("*.md")))
    again = run_build(content, tmp_path / "out", settings=settings, env=env)
    assert again.returncode == first.returncode
    assert _lines(again.stderr) == _lines(first.stderr)
    assert sorted((cache / "derived").glob("*.bin")) == kept  # nothing judged again

    # `make check` over the same tree (its own settings file, the same cache) says the same.
    (tmp_path / "pelicanconf.py").write_text(Path(settings).read_text(encoding="utf-8")
                                             + f"PATH = {str(content)!r}\nCAMPAIGN_CACHE_PATH = {str(cache)!r}\n",
                                             encoding="utf-8")
    _count, problems = check_site(tmp_path)
    assert [str(p) for p in problems] == [line.replace(f"{tmp_path}/", "") for line in _lines(first.stderr)]
    assert sorted((cache / "derived").glob("*.bin")) == kept  # the build's verdicts, reused

    fixed = content / "posts" / "campaigns" / "2021-05-01-unknown-section.md"
    fixed.write_text(fixed.read_text(encoding="utf-8").replace("Campains", "Campaigns"), encoding="utf-8")
    third = run_build(content, tmp_path / "out", settings=settings, env=env)
    assert _lines(third.stderr) == [line for line in _lines(first.stderr) if "unknown section 'Campains'" not in line]
