"""Tasks for volunteers and maintainers (Pelican's invoke convention).

    invoke build      check, then build into output/ (the old site stays if anything fails)
    invoke serve      build, then serve output/ on http://127.0.0.1:8000
    invoke livereload preview: rebuild on save, reload the browser, drafts shown with a banner
    invoke edit       the web editor on http://127.0.0.1:8000/admin/ (Decap CMS and its local proxy)
    invoke new KIND "Title"   start a post (kinds: post, press-release, motion, leaflet,
                      testimony, event, petition, report)
    invoke check      check every post and page; lists every problem with file and line
    invoke publish    production build (publishconf.py), then copy to the publish target
    invoke bench      build-speed and page-weight benchmark
    invoke import-wordpress --wxr export.xml [--apply] [--uploads DIR] [--map FILE]
                      move a WordPress site in (README: Move from WordPress)
"""
import os
import sys
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))
os.chdir(ROOT)

HOST, PORT = "127.0.0.1", 8000


def _build(settings: str, output: str, preview: bool = False) -> None:
    from campaign.tools.html import build_site

    build_site(ROOT, settings, output, preview=preview)


def _logging() -> None:
    from campaign.tools.html import init_logging

    init_logging()


@task
def check(c):
    """Check every post and page; print each problem as path:line: what — how to fix."""
    from campaign.checks.site import main as check_main

    code = check_main(ROOT)
    if code:
        sys.exit(code)


@task(help={"preview": "show drafts and future posts with a Draft banner"})
def build(c, preview=False):
    """Check, then build the site into output/ (nothing changes if anything fails)."""
    _logging()
    # No separate check(c) first: the build runs the check's own pass (campaign.tools.build.validate).
    _build("pelicanconf.py", "output", preview=preview)


@task
def serve(c, port=PORT):
    """Build, then serve output/ on http://127.0.0.1:8000 (Ctrl-C stops)."""
    build(c)
    from campaign.tools.devserver import serve_forever

    serve_forever(ROOT / "output", HOST, int(port))


@task
def livereload(c, port=PORT):
    """Preview: rebuild on every save and reload the browser; drafts are shown."""
    _logging()
    from campaign.editor.admin import DECAP_DIST
    from campaign.editor.local import forward_handler
    from campaign.tools.devserver import livereload_forever
    from campaign.tools.live_site import LiveSite

    # /admin/ too when Decap is installed (`make edit` installs it and runs its proxy); the
    # preview itself must not need npm.
    if (DECAP_DIST / "decap-cms.js").is_file():
        os.environ["CAMPAIGN_EDITOR_LOCAL"] = "1"
    # One long-lived process keeps the site in memory between saves.
    site = LiveSite("pelicanconf.py", "output", {"CAMPAIGN_PREVIEW": True}, delete_in_background=True)
    try:
        livereload_forever(ROOT, HOST, int(port), site, routes=(forward_handler(),))
    finally:
        site.close()


@task
def edit(c, port=PORT):
    """The web editor: decap-server on 127.0.0.1 committing to this repository, and the preview."""
    import signal

    from campaign.editor.local import start_proxy

    proxy = start_proxy(ROOT)
    # Stopped by a signal rather than Ctrl-C, still stop the proxy (the `finally` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(f"Editor on http://{HOST}:{port}/admin/ — saves are commits in this repository")
        livereload(c, port)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


@task(help={"kind": "post, press-release, motion, leaflet, testimony, event, petition or report",
            "title": "the post's title, in quotes"})
def new(c, kind, title):
    """Start a new post of KIND with TITLE, in the right folder, with every field explained."""
    from campaign.tools.scaffold import main as scaffold_main

    sys.exit(scaffold_main(kind, title, ROOT))


@task
def publish(c, target=""):
    """Production build with publishconf.py, then copy it to the publish target."""
    _logging()
    check(c)
    from campaign.tools.publish import PublishFailed
    from campaign.tools.publish import publish as do_publish

    try:
        do_publish(ROOT, target or None, build=lambda out: _build("publishconf.py", out))
    except PublishFailed as err:
        sys.exit(str(err))


@task(name="import-wordpress",
      help={"wxr": "the WordPress export (Tools → Export → All content)", "apply": "import (without: a dry run)",
            "uploads": "a copy of the old site's wp-content/uploads folder", "map": "the category map file"})
def import_wordpress(c, wxr, apply=False, uploads="", map=""):  # noqa: A002 (the command's own word)
    """Dry run (or with --apply, the import) of a WordPress export; the check runs at the end."""
    from campaign.tools.wordpress.run import main as import_main

    args = ["--root", str(ROOT), "--wxr", wxr] + (["--apply"] if apply else [])
    args += ["--uploads", uploads] if uploads else []
    args += ["--map", map] if map else []
    code = import_main(args)
    if code:
        sys.exit(code)


@task
def clean(c):
    """Remove the built site and caches."""
    import shutil

    for name in ("output", ".cache"):
        shutil.rmtree(ROOT / name, ignore_errors=True)


@task(help={"posts": "number of synthetic posts (100, 1000, 5000)"})
def bench(c, posts=1000):
    """Build speed and page weight benchmark; prints figures."""
    c.run(f"{sys.executable} bench/run.py --posts {posts}", pty=False)
