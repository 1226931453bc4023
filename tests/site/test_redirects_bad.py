"""Mistakes in Redirect_from and content/redirects.toml: `make check` and the build refuse them."""
from __future__ import annotations

import shutil

from campaign.checks.site import check_site
from tests.conftest import ROOT, run_build
from tests.wordpress_helpers import make_project

BAD = ROOT / "tests" / "roots" / "redirects"
POST = "content/posts/campaigns/2021-01-01-renamed.md"
OTHER = "content/posts/campaigns/2021-01-02-other.md"


def _project(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.rmtree(project / "content")
    shutil.copytree(BAD / "content", project / "content")
    return project


def test_the_check_lists_every_redirect_mistake(tmp_path):
    project = _project(tmp_path)
    _, problems = check_site(project)
    assert [str(p) for p in problems] == [
        ("content/posts/campaigns/2021-01-01-renamed.md:5: the old address https://old.example.org/x/ is a full address "
        "with a site name — write a path on this site that starts with /, e.g. /2019/05/our-old-post/ or /?p=123"),
        ("content/posts/campaigns/2021-01-02-other.md:5: the old address /2021/01/old-name already leads to "
        "content/posts/campaigns/2021-01-01-renamed.md (content/posts/campaigns/2021-01-01-renamed.md:5) — give each "
        "old address one place to lead to: remove one of them"),
        ("content/posts/campaigns/2021-01-02-other.md:5: the old address /about/ is the address of a page of this site "
        "— remove it here: the page itself answers there"),
        ("content/redirects.toml:4: the new address 'tag/x/' for /tag/x/ is not a path on this site — write the "
        "address on this site, starting with /"),
    ]


def test_the_build_also_refuses_pages_addresses_and_missing_targets(tmp_path):
    project = _project(tmp_path)
    # Only what the check cannot know is left: the address of a post without a Slug line (Pelican
    # makes it from the title), and a redirects.toml line that leads to no page.
    (project / OTHER).write_text((project / OTHER).read_text().replace("/2021/01/old-name, /about/", "/2021/01/a-renamed-post/"))
    (project / POST).write_text((project / POST).read_text().replace(", https://old.example.org/x/", ""))
    toml = project / "content/redirects.toml"
    toml.write_text(toml.read_text().replace('"/tag/x/" = "tag/x/"\n', ""))
    assert check_site(project)[1] == []
    result = run_build(project / "content", tmp_path / "output", settings=str(project / "build_conf.py"),
                       env={"CAMPAIGN_CACHE_PATH": str(tmp_path / "cache")})
    assert result.returncode == 1
    assert (f"{OTHER}:5: the old address /2021/01/a-renamed-post/ is the address of a page of this site — remove it "
            "here: the page itself answers there") in result.stderr
    assert ("content/redirects.toml:3: /category/gone/ leads to /section/no-such-section/, which is not a published "
            "page or file of this site — correct the new address, or remove the line") in result.stderr
    assert not (tmp_path / "output").exists()
