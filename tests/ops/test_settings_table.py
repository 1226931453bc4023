"""Every plugin setting is declared once (default, validator, help) and read through the table;
one error root; a bad setting names itself and the line that sets it, never `pelicanconf.py:1`."""
from __future__ import annotations

import pickle
import re

import pytest

from campaign import errors
from campaign import settings as cs
from campaign.errors import (
    BuildFailed,
    CampaignError,
    MissingSystemLibrary,
    Problem,
    SettingsError,
    setting_line,
)
from campaign.tools import publish
from tests.conftest import ROOT, run_build, settings_with
from tests.ops.conftest import OPS_ROOT

SOURCES = [*sorted((ROOT / "plugins" / "campaign").rglob("*.py")), ROOT / "tasks.py"]
BAD_VALUES = {
    "CAMPAIGN_TODAY": 20210327, "CAMPAIGN_PREVIEW": "yes", "CAMPAIGN_PRODID": 7, "CAMPAIGN_CACHE_PATH": ["x"],
    "CAMPAIGN_CONTENT_CACHE": 1, "CAMPAIGN_READ_WORKERS": 0, "CAMPAIGN_PDF_WORKERS": -2,
    "CAMPAIGN_SEARCH_PART_PAGES": "lots", "CAMPAIGN_TYPOGRIFY": "on", "CAMPAIGN_PUBLIC_IMAGES": "logo.png",
    "CAMPAIGN_KINDS": ["motion"], "CAMPAIGN_PRODUCTION": "yes", "CAMPAIGN_EDITOR": "github",
    "CAMPAIGN_EDITOR_LOCAL": 1,
}


def test_no_module_reads_a_plugin_setting_raw():
    raw = re.compile(r"""settings(?:\.get\(|\[)\s*["']CAMPAIGN_""")
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in SOURCES
             for n, line in enumerate(path.read_text().splitlines(), start=1)
             if raw.search(line) and not re.search(r"\]\s*(,\s*\w+\[.*\])?\s*=[^=]", line)]  # writes are fine
    assert found == []


def test_every_setting_named_in_the_code_is_declared():
    named = {name for path in SOURCES for name in re.findall(r"""["'](CAMPAIGN_[A-Z_]+)["']""", path.read_text())}
    # Not settings: an environment variable of the system-package check, and the build's own
    # records of the site it replaces and of the pictures it publishes (set by build.py, never by a group).
    named -= {"CAMPAIGN_NO_INSTALL", "CAMPAIGN_PREVIOUS_OUTPUT", "CAMPAIGN_PUBLISHED_IMAGES", "CAMPAIGN_PUBLISHED"}
    assert named <= set(cs.DECLARED), named - set(cs.DECLARED)
    assert set(BAD_VALUES) == set(cs.DECLARED)


@pytest.mark.parametrize("name", cs.DECLARED)
def test_each_declaration_has_a_valid_default_and_help(name):
    declared = cs.DECLARED[name]
    assert declared.help.strip() and declared.help.endswith(".")
    assert cs.setting({}, name) == declared.default


@pytest.mark.parametrize("name", cs.DECLARED)
def test_a_bad_value_names_the_setting_and_its_line(name):
    with pytest.raises(SettingsError) as caught:
        cs.setting({name: BAD_VALUES[name]}, name)
    error = caught.value
    assert error.setting == name
    message = str(error)
    file, line = setting_line(name)
    assert message.startswith(f"{file}:{line}: {name} = {BAD_VALUES[name]!r} " if line else f"{file}: {name} = ")
    assert " — write " in message and not message.startswith("pelicanconf.py:1:")


def test_one_prodid_default():
    # Empty: the PRODID is made from the group's SITENAME and address (settings.site_prodid), so no
    # module carries one group's name.
    assert cs.DECLARED["CAMPAIGN_PRODID"].default == ""
    assert cs.site_prodid({"SITENAME": "Clyde Tenants"}, "clydetenants.org") == "-//Clyde Tenants//clydetenants.org//EN"
    hits = [path for path in SOURCES if "-//campaign-site//EN" in path.read_text() or "lien-site" in path.read_text()]
    assert hits == []


def test_one_error_root():
    for kind in (SettingsError, MissingSystemLibrary, BuildFailed, publish.PublishFailed):
        assert issubclass(kind, CampaignError)
    assert issubclass(CampaignError, Exception)
    problems = [Problem("posts/a.md", 3, "unknown section 'X'", "use one of: A, B")]
    failed = BuildFailed.because(CampaignError(problems))
    assert failed.problems == problems and str(failed) == str(problems[0])
    assert BuildFailed.because(MissingSystemLibrary("run apt-get install x")).problems == []
    settings_error = SettingsError("SECTIONS", "SECTIONS must be a list", "write SECTIONS = [...]")
    again = pickle.loads(pickle.dumps(settings_error))  # crosses process boundaries (workers)
    assert (type(again), again.setting, str(again)) == (SettingsError, "SECTIONS", str(settings_error))
    assert errors.SETTINGS_FILES[0] == "pelicanconf.py"


@pytest.mark.parametrize("name, value", [("CAMPAIGN_PDF_WORKERS", 0), ("CAMPAIGN_CONTENT_CACHE", "yes")])
def test_a_build_with_a_bad_setting_stops_naming_it(tmp_path, name, value):
    conf = settings_with(tmp_path, **{name: value})
    result = run_build(OPS_ROOT, tmp_path / "out", settings=conf)
    assert result.returncode == 1
    assert f"{name} = {value!r} is not" in result.stderr
    assert "pelicanconf.py:1:" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_settings_list_names_every_setting():
    listed = cs.describe()
    assert all(f"{name} = {declared.default!r}\n    {declared.help}" in listed for name, declared in cs.DECLARED.items())
