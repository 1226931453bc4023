"""The importer stays a self-contained subpackage: it uses other modules only through public names."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "campaign" / "tools" / "wordpress"
# What the importer may take from the rest of the plugin (public functions and types only).
ALLOWED = {"checks", "errors", "images", "metadata", "sections", "settings"}


def test_the_importer_imports_only_public_names_of_allowed_modules():
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level < 3:
                continue  # its own modules (level 1), the standard library, Pelican, Pillow, pypdf
            modules = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
            for module in modules:
                assert module in ALLOWED, f"{path.name}:{node.lineno} imports campaign.{module}"
            private = [a.name for a in node.names if a.name.startswith("_")]
            assert not private, f"{path.name}:{node.lineno} imports private {private} from campaign.{node.module}"


def test_the_build_never_imports_the_importer():
    plugin = PACKAGE.parents[1]
    for path in plugin.glob("*.py"):
        assert "tools.wordpress" not in path.read_text(encoding="utf-8"), path.name
