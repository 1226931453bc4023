"""`make edit`: decap-server (Decap's local proxy) on 127.0.0.1, reached through the preview's own origin.

decap-server reads its settings from the environment (read in node_modules/decap-server/dist/index.js):
PORT, BIND_HOST (without it, it listens on every interface), MODE (`git` commits, `fs` only writes
files), GIT_REPO_DIRECTORY and LOG_LEVEL. The preview server forwards POST /api/v1 to it, so the
editor page talks to one origin only and its policy needs no other.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from .admin import PROJECT

# Tornado's code for a request that got no answer (refused, or timed out).
_NO_ANSWER = 599

PROXY_HOST = "127.0.0.1"
PROXY_PORT = 8081
SERVER_JS = PROJECT / "node_modules" / "decap-server" / "dist" / "index.js"
_NOT_RUNNING = (b'{"error": "The editor\'s local proxy is not running. Stop the preview and start '
                b'`make edit` instead of `make devserver`."}')


def proxy_env(repo: Path, port: int = PROXY_PORT) -> dict[str, str]:
    """decap-server's environment: loopback only, committing to the repository at `repo`."""
    return {**os.environ, "PORT": str(port), "BIND_HOST": PROXY_HOST, "MODE": "git",
            "GIT_REPO_DIRECTORY": str(repo), "LOG_LEVEL": os.environ.get("LOG_LEVEL", "info")}


def start_proxy(repo: Path, port: int = PROXY_PORT, node: str = "node") -> subprocess.Popen:
    """Start decap-server over `repo`; the caller stops it."""
    if not SERVER_JS.is_file():
        raise SystemExit(f"decap-server is not installed ({SERVER_JS}); run `npm ci --ignore-scripts` first.")
    return subprocess.Popen([node, str(SERVER_JS)], env=proxy_env(repo, port), cwd=str(repo))


def forward_handler(port: int = PROXY_PORT):
    """A tornado route (pattern, handler, options) that forwards POST /api/v1 to decap-server."""
    from tornado import httpclient, web

    from .config import LOCAL_API

    class Forward(web.RequestHandler):
        async def post(self) -> None:
            client = httpclient.AsyncHTTPClient()
            try:
                reply = await client.fetch(f"http://{PROXY_HOST}:{port}{LOCAL_API}", method="POST",
                                           body=self.request.body, raise_error=False, request_timeout=300,
                                           headers={"Content-Type": "application/json"})
            except OSError:
                reply = None
            if reply is None or reply.code == _NO_ANSWER:
                self.set_status(502)
                self.set_header("Content-Type", "application/json")
                self.finish(_NOT_RUNNING)
                return
            self.set_status(reply.code)
            self.set_header("Content-Type", reply.headers.get("Content-Type", "application/json"))
            self.finish(reply.body)

    return (LOCAL_API, Forward, {})
