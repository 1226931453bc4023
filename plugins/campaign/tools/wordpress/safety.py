"""Re-running the import is safe: it rewrites only what it wrote itself and nobody changed since.

Each imported post carries `Wordpress_id:` and `Wordpress_digest:` (sha256 of the file as
written, without the digest line). Other files it writes (pictures, PDFs, redirects.toml) are
listed with their digests in content/wordpress-import.json.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

MANIFEST = "wordpress-import.json"
_DIGEST_LINE = re.compile(r"^Wordpress_digest:.*\n", re.MULTILINE | re.IGNORECASE)


def digest(data: bytes) -> str:
    """'sha256:<hex>' of `data`."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def text_digest(text: str) -> str:
    """The digest of a post, leaving out its own digest line."""
    return digest(_DIGEST_LINE.sub("", text, count=1).encode("utf-8"))


def with_digest(text: str) -> str:
    """The post with its `Wordpress_digest:` line added after `Wordpress_id:`."""
    line = f"Wordpress_digest: {text_digest(text)}\n"
    return re.sub(r"^(Wordpress_id:.*\n)", lambda m: m[1] + line, text, count=1, flags=re.MULTILINE)


def post_unchanged(text: str, recorded: str | None) -> bool:
    """Is this imported post exactly as the import wrote it?"""
    return bool(recorded) and text_digest(text) == recorded


class Manifest:
    """The non-post files an import wrote, by path under content/, with their digests."""

    def __init__(self, content: Path):
        self.path = content / MANIFEST
        self.content = content
        self.files: dict[str, str] = {}
        if self.path.exists():
            self.files = json.loads(self.path.read_text(encoding="utf-8")).get("files", {})

    def may_write(self, dest: Path) -> bool:
        """True when `dest` is absent, or was written by an import and not changed since."""
        if not dest.exists():
            return True
        rel = dest.relative_to(self.content).as_posix()
        return self.files.get(rel) == digest(dest.read_bytes())

    def record(self, dest: Path, data: bytes) -> None:
        self.files[dest.relative_to(self.content).as_posix()] = digest(data)

    def save(self) -> None:
        body = {"about": "Files written by `make import-wordpress`; a file changed since is never overwritten.",
                "files": dict(sorted(self.files.items()))}
        self.path.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
