"""Local preview servers: a plain static server, and the live preview that updates on save."""
from __future__ import annotations

import functools
import os
import sys
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .build import BuildFailed, add_site_arguments, site_overrides
from .live_site import LiveSite


class _Handler(SimpleHTTPRequestHandler):
    """Serve the site like a static host: folders' index.html, and our 404 page."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == HTTPStatus.NOT_FOUND and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def serve_forever(root: Path, host: str, port: int) -> None:
    """Serve `root` until interrupted."""
    handler = functools.partial(_Handler, directory=str(root))
    with ThreadingHTTPServer((host, port), handler) as httpd:
        print(f"Serving {root.name}/ on http://{host}:{port}/ (Ctrl-C to stop)")
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


def _watch(folders: list[Path], files: list[Path], on_change) -> None:
    """Call `on_change(paths)` with each batch of saved files (inotify through watchfiles)."""
    from watchfiles import DefaultFilter, watch

    # step: how long a batch waits for more events (an editor's save is a burst of them);
    # watchfiles' default of 50 ms would be a third of the preview's budget.
    folder_filter, wanted = DefaultFilter(), {str(f) for f in files}

    def watch_folders():
        for changes in watch(*folders, watch_filter=folder_filter, step=10, debounce=400):
            on_change({Path(path) for _, path in changes})

    def watch_files():
        # The project folder itself, not recursively: editors replace a file on save, which
        # would end a watch on the file itself.
        for changes in watch(*{f.parent for f in files}, watch_filter=lambda _, path: path in wanted,
                             recursive=False, step=10, debounce=400):
            on_change({Path(path) for _, path in changes})

    for target in (watch_folders, watch_files):
        threading.Thread(target=target, daemon=True).start()


def _script_by_address(port: int) -> None:
    """Make livereload add its script to pages as a file, not inline.

    The theme's Content-Security-Policy (script-src 'self') blocks inline scripts, so the
    snippet livereload puts before </head> never ran and the browser was never told to reload.
    A <script src> from the same address is allowed; livereload serves that file itself.
    """
    from livereload import server as livereload_server

    injector = livereload_server.LiveScriptInjector
    if getattr(injector, "by_address", False):
        return
    original = injector.transform_first_chunk
    snippet = f'<script src="/livereload.js?port={port}"></script>'.encode()

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        self.script = snippet
        return original(self, status_code, headers, chunk, finishing)

    injector.transform_first_chunk = transform_first_chunk
    injector.by_address = True


def livereload_forever(project: Path, host: str, port: int, site: LiveSite, content: Path | None = None,
                       routes: tuple = ()) -> None:
    """Keep `site` in memory; on each save update it and tell the open browser to reload.

    A body-only edit of a post re-renders only the files that show its text; a header edit
    (title, date, section, tags, summary) of a published post redoes the listings from the posts
    in memory; anything else builds the whole site in this process (live_site.py). A change to the plugin's code starts
    the preview again, since code already imported cannot be replaced safely. `routes` are
    extra tornado routes served before the files (the web editor's proxy, campaign/editor).
    """
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    plugins = (project / "plugins").resolve()
    lock = threading.Lock()

    def report(update) -> None:
        if update.how == "none":  # only files that came and went (an editor's temporary ones)
            return
        if update.how == "print":  # after a header edit's pages (live_site.print_again)
            pages = ", pages showing their sizes made again" if update.pages else ""
            print(f"{time.strftime('%H:%M:%S')} {update.printed} PDF(s) printed again in "
                  f"{update.seconds * 1000:.0f} ms: {len(update.written)} file(s) changed{pages}", flush=True)
            return
        # "text": a body edit; "header": a title, date, section, tag or summary edit (listings
        # redone from the posts in memory); "full": Pelican ran over every post (live_site.py).
        what = {"text": "page(s) changed", "header": "file(s) changed (header edit)"}.get(
            update.how, "files written (full build)")
        # The pages are done and the browser is told to reload; PDFs that show a moved post's old
        # address are printed after that (bench/preview.py times the two apart).
        printing = f"; printing {len(update.printing)} PDF(s) again" if update.printing else ""
        print(f"{time.strftime('%H:%M:%S')} updated in {update.seconds * 1000:.0f} ms: "
              f"{len(update.written)} {what}{printing}", flush=True)

    def apply(action):
        """The update `action` made, reported; None if it failed (shown, the last good site kept)."""
        # A mistake while editing must not stop the preview: show it and wait for the fix.
        try:
            update = action()
        except BuildFailed as err:
            print(f"Not updated; the preview shows the last good version.\n{err}", flush=True)
        except SystemExit as err:
            print(err, flush=True)
        else:
            report(update)
            return update
        return None

    apply(site.full)
    site.warm_printer()  # (not at the first PDF a header edit prints again)
    loop = IOLoop.current()

    def on_change(paths: set[Path]) -> None:
        if any(path.resolve().is_relative_to(plugins) for path in paths):
            print("The plugin's code changed: starting the preview again.", flush=True)
            # orig_argv keeps `-m campaign.tools.devserver` (argv would run the module as a bare file).
            os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
        with lock:  # a save made meanwhile waits here: it is handled once the PDFs are printed
            update = apply(lambda: site.changed(paths))
            if update is not None and update.how != "none":
                loop.add_callback(LiveReloadHandler.reload_waiters, "*")
            if update is not None and update.printing:
                # The volunteer looks at the pages, not the PDF: they were written and reloaded first.
                again = apply(site.print_again)
                if again is not None and (again.pages or again.how == "full"):
                    loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    folders = [folder for folder in (content or project / "content", project / "theme", project / "plugins")
               if folder.is_dir()]
    _watch(folders, [project / "pelicanconf.py"], on_change)
    _script_by_address(port)
    class _Server(Server):
        def get_web_handlers(self, script):
            return [*routes, *super().get_web_handlers(script)]

    server = _Server()
    # livereload polls what it is asked to watch; it is given nothing that exists (it would
    # watch the whole folder if given nothing at all): watchfiles above does the watching.
    server.watch(str(project / ".preview-watches-nothing"))
    print(f"Preview with drafts on http://{host}:{port}/ — updates when you save (Ctrl-C to stop)", flush=True)
    server.serve(root=str(site.output), host=host, port=port, open_url_delay=None)


def main(argv: list[str] | None = None) -> int:
    """`python -m campaign.tools.devserver`: the live preview of any content folder (the bench uses it)."""
    import argparse
    import logging

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_site_arguments(parser)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    overrides: dict = {"CAMPAIGN_PREVIEW": True, **site_overrides(args)}
    project = Path.cwd()
    from pelican.log import init as init_logging

    init_logging(level=logging.WARNING)
    site = LiveSite(args.settings, args.output, overrides, delete_in_background=True)
    content = Path(overrides.get("PATH", project / "content"))
    try:
        livereload_forever(project, args.host, args.port, site, content=content)
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
