"""Local preview servers: a plain static server and a live-reloading one."""
from __future__ import annotations

import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    """Serve the site like a static host: folders' index.html, and our 404 page."""

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
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


def livereload_forever(project: Path, host: str, port: int, rebuild, routes: tuple = ()) -> None:
    """Rebuild when content, theme, plugins or settings change; reload the open browser.

    `routes` are extra tornado routes served before the files (the editor's proxy, campaign/editor).
    """
    from livereload import Server

    class _Server(Server):
        def get_web_handlers(self, script):
            return [*routes, *super().get_web_handlers(script)]

    def safe_rebuild():
        # A mistake while editing must not stop the preview: show it and wait for the fix.
        try:
            rebuild()
        except SystemExit as err:
            print(err)

    safe_rebuild()
    server = _Server()
    for pattern in ("content/**/*", "theme/**/*", "plugins/**/*.py", "pelicanconf.py"):
        server.watch(str(project / pattern), safe_rebuild)
    print(f"Preview with drafts on http://{host}:{port}/ — rebuilds when you save (Ctrl-C to stop)")
    server.serve(root=str(project / "output"), host=host, port=port, open_url_delay=None)
