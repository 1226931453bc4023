"""deploy/nginx.conf for real: nginx serves the kinds root's build on loopback; we check what it sends."""
from __future__ import annotations

import getpass
import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

from campaign.outputs import seo
from tests.conftest import ROOT

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(p)), None)
MIME_TYPES = next((p for p in ("/etc/nginx/mime.types", "/usr/local/etc/nginx/mime.types") if os.path.exists(p)), None)
POST = "2021/06/photos-from-the-riverside-walkabout/"

SECURITY_HEADERS = {
    "Content-Security-Policy": seo.CSP_HEADER,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "interest-cohort=(), browsing-topics=(), camera=(), microphone=(), geolocation=()",
    "X-Frame-Options": "DENY",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(server_block: str, root: Path, port: int, prefix: Path) -> str:
    """A whole nginx.conf around our server block, on loopback, with every path under `prefix`."""
    block, n_listen = re.subn(r"^\s*listen 80;\n\s*listen \[::\]:80;", f"    listen 127.0.0.1:{port};",
                              server_block, count=1, flags=re.M)
    block, n_root = re.subn(r"^(\s*)root [^;]+;", rf"\g<1>root {root};", block, count=1, flags=re.M)
    assert n_listen == n_root == 1, "deploy/nginx.conf no longer has the `listen 80;` / `root ...;` lines this test replaces"
    temp = "\n".join(f"  {kind}_temp_path {prefix}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would switch to `nobody` and could not read pytest's private folders.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    return (f"{user}worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
            f"events {{ worker_connections 64; }}\nhttp {{\n  include {MIME_TYPES};\n"
            f"  default_type application/octet-stream;\n  access_log off;\n{temp}\n{block}\n}}\n")


def serve(root: Path, prefix: Path, block: str | None = None):
    """nginx running `block` (default deploy/nginx.conf) over `root`; yields its base URL."""
    if not NGINX or not MIME_TYPES:
        pytest.skip("nginx is not installed: run `sudo apt-get install -y nginx` to test deploy/nginx.conf")
    port = _free_port()
    conf = prefix / "nginx.conf"
    server = (ROOT / "deploy" / "nginx.conf").read_text() if block is None else block
    conf.write_text(nginx_config(server, root, port, prefix))
    check = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    log = prefix / "error.log"
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            assert proc.poll() is None, f"nginx stopped: {log.read_text() if log.exists() else ''}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening within 10 s"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(kinds, tmp_path_factory):
    """nginx running deploy/nginx.conf over the kinds root's build; yields its base URL."""
    yield from serve(kinds.root, tmp_path_factory.mktemp("nginx"))


@pytest.fixture(scope="module")
def nginx_parted(parted_site, tmp_path_factory):
    """The same over the build whose search index is in parts."""
    yield from serve(parted_site.root, tmp_path_factory.mktemp("nginx-parted"))


def fetch(url: str, **headers) -> tuple[int, Message, bytes]:
    """Status, headers and the raw body (never decompressed) of one GET."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.mark.parametrize("path", ["", POST, "theme/css/site.css", "no-such-page/"])
def test_every_response_carries_the_security_headers(nginx, path):
    _, headers, _ = fetch(f"{nginx}/{path}")
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, f"{name} on /{path}"
    assert "nginx/" not in headers.get("Server", "")


def test_html_is_sent_gzipped_from_the_precompressed_file(nginx, kinds):
    status, headers, body = fetch(f"{nginx}/{POST}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert body == kinds.path(POST).with_name("index.html.gz").read_bytes()
    assert gzip.decompress(body) == kinds.path(POST).read_bytes()


def test_without_accept_encoding_the_plain_file_is_sent(nginx, kinds):
    _, headers, body = fetch(f"{nginx}/{POST}")
    assert "Content-Encoding" not in headers
    assert body == kinds.path(POST).read_bytes()


def test_a_missing_page_gets_our_404_page_with_status_404(nginx, kinds):
    status, headers, body = fetch(f"{nginx}/no-such-page/")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert body == kinds.path("404.html").read_bytes()
    assert b"Page not found" in body


@pytest.mark.parametrize("pattern, content_type", [
    ("events/*.ics", "text/calendar; charset=utf-8"),
    ("feeds/*.atom.xml", "application/atom+xml; charset=utf-8"),
    ("sitemap.xml", "text/xml; charset=utf-8"),
])
def test_calendars_and_feeds_have_their_content_types(nginx, kinds, pattern, content_type):
    found = sorted(kinds.root.glob(pattern))
    assert found, f"the build has no {pattern}"
    status, headers, _ = fetch(f"{nginx}/{found[0].relative_to(kinds.root)}")
    assert status == 200 and headers["Content-Type"] == content_type


@pytest.mark.parametrize("pattern, max_age", [("theme/css/site.css", 86400), ("pagefind/fragment/*", 31536000),
                                               ("pagefind/pagefind.js", 3600)])
def test_theme_and_search_files_are_cached(nginx, kinds, pattern, max_age):
    path = sorted(kinds.root.glob(pattern))[0].relative_to(kinds.root)
    _, headers, _ = fetch(f"{nginx}/{path}")
    assert headers.get("Cache-Control") == f"max-age={max_age}"


@pytest.mark.parametrize("pattern, max_age", [("pagefind/20*/fragment/*", 31536000),
                                               ("pagefind/20*/index/*", 31536000),
                                               ("pagefind/20*/pagefind-entry.json", 3600),
                                               ("pagefind/parts.json", 3600)])
def test_search_index_parts_are_cached_like_the_main_bundle(nginx_parted, parted_site, pattern, max_age):
    path = sorted(parted_site.root.glob(pattern))[0].relative_to(parted_site.root)
    status, headers, _ = fetch(f"{nginx_parted}/{path}")
    assert status == 200 and headers.get("Cache-Control") == f"max-age={max_age}", path


def test_the_netlify_headers_file_is_not_served(nginx, kinds):
    assert kinds.path("_headers").exists()
    assert fetch(f"{nginx}/_headers")[0] == 404
