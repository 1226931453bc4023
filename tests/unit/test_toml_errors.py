"""A broken TOML file is a `path:line: what — fix` problem on Python 3.11, not an AttributeError.

tomllib's error carries `lineno` and `msg` only from Python 3.14; before, the place is in the
message alone. Reading `err.msg` crashed the build on this project's Python.
"""
from __future__ import annotations

import tomllib

import pytest

from campaign.content import redirects
from campaign.content.toml_errors import toml_error
from campaign.errors import CampaignError
from campaign.tools.wordpress.mapfile import read_map


def _error(text: str) -> tomllib.TOMLDecodeError:
    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads(text)
    return caught.value


def test_the_line_comes_from_the_message():
    text = '[redirects]\n"/old/" = "/new/"\n"/older/" = \n'
    assert toml_error(_error(text), text) == (3, "Invalid value")


def test_an_error_at_the_end_names_the_last_line():
    text = '[redirects]\n"/old/" = "/new/"\n"/older/" ='
    line, message = toml_error(_error(text), text)
    assert (line, message) == (3, "Invalid value")


def test_redirects_file_reports_the_broken_line(tmp_path):
    (tmp_path / redirects.FILE).write_text('[redirects]\n"/old/" = "/new/"\n"/older/" = /new/\n', encoding="utf-8")
    found, problems = redirects.read_file(tmp_path, "content/redirects.toml")
    assert found == []
    assert [(p.path, p.line) for p in problems] == [("content/redirects.toml", 3)]
    assert "this is not valid TOML (Invalid value)" in str(problems[0])


def test_wordpress_map_file_reports_the_broken_line(tmp_path):
    path = tmp_path / "wordpress-map.toml"
    path.write_text('[sections]\nnews = "News"\nevents = \n', encoding="utf-8")
    with pytest.raises(CampaignError) as caught:
        read_map(path, [])
    assert [p.line for p in caught.value.problems] == [3]
    assert "this is not valid TOML (Invalid value)" in str(caught.value)
