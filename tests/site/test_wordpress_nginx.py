"""Every old address of the imported WordPress site, served by the real nginx with deploy/nginx.conf."""
from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, BuiltSite, run_build
from tests.site.test_nginx import serve
from tests.wordpress_helpers import MAP, UPLOADS, make_project, run_import

# Old address -> the new page it must lead to (written from the export by hand, not from the importer).
OLD_ADDRESSES = {
    "/2020/01/15/rally-at-the-town-hall/": "/2020/01/rally-at-the-town-hall/",
    "/2020/01/15/rally-at-the-town-hall": "/2020/01/rally-at-the-town-hall/",
    "/2020/01/15/rally-town-hall/": "/2020/01/rally-at-the-town-hall/",
    "/?p=10": "/2020/01/rally-at-the-town-hall/",
    "/?p=10&utm_source=newsletter": "/2020/01/rally-at-the-town-hall/",
    "/2020/02/03/leaflet-launch/": "/2020/02/leaflet-launch/",
    "/?p=11": "/2020/02/leaflet-launch/",
    "/2020/02/01/leaflet-launch/": "/2020/02/leaflet-launch/",
    "/about-us/": "/about-2/",
    "/?page_id=30": "/about-2/",
    "/about/our-history/": "/our-history/",
    "/?page_id=31": "/our-history/",
    "/category/news/": "/section/campaigns/",
    "/category/news/meetings/": "/section/events/",
    "/category/uncategorized/": "/section/campaigns/",
    "/category/leaflets/feed/": "/feeds/section/leaflets.atom.xml",
    "/?cat=3": "/section/events/",
    "/tag/town-hall-2/": "/tag/town-hall/",
    "/tag/picket/feed/": "/tag/picket/",
    "/feed/": "/feeds/all.atom.xml",
    "/comments/feed/": "/feeds/all.atom.xml",
    "/?feed=rss2": "/feeds/all.atom.xml",
    "/wp-content/uploads/2020/01/placards.jpg": "/images/wordpress/2020/01/placards.jpg",
    "/wp-content/uploads/2020/01/placards-300x200.jpg": "/images/wordpress/2020/01/placards.jpg",
    "/wp-content/uploads/2020/02/leaflet.pdf": "/files/wordpress/2020/02/leaflet.pdf",
    "/2020/01/15/rally-at-the-town-hall/placards/": "/images/wordpress/2020/01/placards.jpg",
    "/2020/02/03/leaflet-launch/leaflet/": "/files/wordpress/2020/02/leaflet.pdf",
    # Date and author archives: to the year's archive page, the archives page, the feed.
    "/2020/": "/archive/2020/",
    "/2020/01/": "/archive/2020/",
    "/2020/02/03/": "/archive/2020/",
    "/author/sec/": "/archive/",
    "/author/sec/feed/": "/feeds/all.atom.xml",
}
# Addresses of posts that are not public: drafts, private, password-protected, scheduled.
NEVER_PUBLIC = ["/2020/03/02/officers-minutes/", "/2020/03/03/phone-tree/", "/2020/04/01/lost-banner-photo/",
                "/2020/03/02/officers-minutes", "/2027/05/conference-next-year/",
                # Days with only drafts or scheduled posts have no archive redirect either.
                "/2027/", "/2027/05/", "/2020/03/", "/2020/03/02/"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str) -> tuple[int, Message, bytes]:
    try:
        with _OPENER.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    base = tmp_path_factory.mktemp("wp-nginx")
    project = make_project(base / "project")
    shutil.copy(MAP, project / "wordpress-map.toml")
    result = run_import(project, "--apply", "--uploads", str(UPLOADS))
    assert result.returncode == 0, result.stdout + result.stderr
    built = run_build(project / "content", base / "output", settings=str(project / "build_conf.py"),
                      env={"CAMPAIGN_CACHE_PATH": str(base / "cache")})
    assert built.returncode == 0, built.stderr + built.stdout
    return BuiltSite(base / "output")


@pytest.fixture(scope="module")
def nginx(site, tmp_path_factory):
    block = (ROOT / "deploy" / "nginx.conf").read_text()
    assert block.count("include /var/www/lien/_nginx_redirects_") == 5
    # The maps are included from the served folder, named like `root`; point both at the build.
    block = block.replace("include /var/www/lien/", f"include {site.root}/")
    yield from serve(site.root, tmp_path_factory.mktemp("nginx-wp"), block)


def _follow(base: str, old: str) -> tuple[int, str, int]:
    """(first status, the path it leads to, the final status)."""
    status, headers, _ = get(base + old)
    if status != 301:
        return status, old, status
    target = urlsplit(headers["Location"])
    final, _, _ = get(base + target.path + (f"?{target.query}" if target.query else ""))
    return status, target.path, final


@pytest.mark.parametrize("old, new", sorted(OLD_ADDRESSES.items()))
def test_each_old_address_is_a_redirect_to_a_live_page(nginx, old, new):
    assert _follow(nginx, old) == (301, new, 200)


def test_every_redirect_the_build_wrote_leads_to_a_live_page(nginx, site):
    lines = [ln.split() for ln in site.path("_redirects").read_text().splitlines() if ln and not ln.startswith("#")]
    assert len(lines) >= len(OLD_ADDRESSES) - 2
    for parts in lines:
        old = f"/?{parts[1]}" if parts[0] == "/" and len(parts) == 4 else parts[0]
        status, new, final = _follow(nginx, old)
        assert (status, final) == (301, 200), f"{old} -> {new}"


@pytest.mark.parametrize("old", NEVER_PUBLIC)
def test_posts_that_are_not_public_have_no_address(nginx, old):
    assert get(nginx + old)[0] == 404


def test_the_id_of_a_draft_is_not_redirected(nginx):
    status, headers, _ = get(nginx + "/?p=15")
    assert status == 200 and "Location" not in headers  # the home page, as for any unknown ?p=


def test_hosts_without_redirects_get_pages_that_send_the_reader_on(site):
    for old, new in OLD_ADDRESSES.items():
        if "?" in old or "/wp-content/" in old or not old.endswith("/"):
            continue
        soup = BeautifulSoup(site.text(old), "html.parser")
        refresh = soup.select_one("meta[http-equiv=refresh]")["content"]
        assert refresh == f"0; url={new}" and soup.select_one("link[rel=canonical]")["href"].endswith(new)
        assert soup.select_one(f"a[href='{new}']") is not None
        assert Path(site.path(new)).exists()


def test_the_redirect_files_are_not_served(nginx):
    for name in ("_redirects", "_nginx_redirects_path.map", "_nginx_redirects_p.map"):
        assert get(f"{nginx}/{name}")[0] == 404
