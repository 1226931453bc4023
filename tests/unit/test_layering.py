"""The plugin's layers, read from its imports: each subpackage depends only on the layers below it.

    content/   the content model: headers, kinds, dates, sections... (no Pelican, no output)
    charts/    chart data and drawing          markdown/  the reader and its blocks
    cache/     keeping derived files between builds (no feature: it stores bytes by key)
    outputs/   what the build writes           checks/    the one validation pass
    tools/     what volunteers and maintainers run (build, check, new, publish, import...)
    editor/    the web editor's configuration and page
    plugin.py  register() and the Pelican adapters
    pelican_types.py  Protocols naming what the plugin uses of Pelican's objects (no Pelican import)

Every import is counted, also one inside a function: a lazy import is still a dependency.
"""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "plugins" / "campaign"
CORE = {"campaign", "campaign.errors", "campaign.settings", "campaign.interrupt", "campaign.pelican_types"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@cache
def imports(module: str) -> frozenset[str]:
    """The modules (of this plugin, or top-level third-party names) that `module` imports."""
    path = modules()[module]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules() else base)
    return frozenset(found - {module})


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else module


def _campaign(module: str) -> set[str]:
    return {m for m in imports(module) if m.startswith("campaign")}


def _in(prefix: str) -> list[str]:
    return [m for m in modules() if m.startswith(prefix + ".") or m == prefix]


@pytest.mark.parametrize("module", _in("campaign.content"))
def test_the_content_model_imports_no_output_and_no_pelican(module):
    allowed = {m for m in modules() if layer(m) == "content"} | CORE
    assert not _campaign(module) - allowed, f"{module} imports {_campaign(module) - allowed}"
    assert not {m for m in imports(module) if m.split(".")[0] == "pelican"}, f"{module} imports Pelican"


@pytest.mark.parametrize("module", _in("campaign.cache"))
def test_caching_imports_no_feature(module):
    allowed = set(_in("campaign.cache")) | {"campaign.errors", "campaign.settings"}
    assert not _campaign(module) - allowed, f"{module} imports {_campaign(module) - allowed}"


@pytest.mark.parametrize("module", [*_in("campaign.charts"), *_in("campaign.markdown")])
def test_charts_and_markdown_sit_on_the_content_model_only(module):
    allowed = {m for m in modules() if layer(m) in ("content", "charts", "markdown", "cache")} | CORE
    assert not _campaign(module) - allowed, f"{module} imports {_campaign(module) - allowed}"


@pytest.mark.parametrize("module", [m for m in modules() if layer(m) != "tools"])
def test_nothing_the_build_runs_imports_a_tool(module):
    # The build is imported by tools, never the other way round (the importer, publish, the preview).
    tools = {m for m in _campaign(module) if layer(m) == "tools"}
    assert not tools, f"{module} imports {tools}"


def test_the_wordpress_importer_uses_the_content_model_and_the_check_only():
    allowed = (set(_in("campaign.content")) | set(_in("campaign.tools.wordpress")) | set(_in("campaign.checks"))
               | CORE | {"campaign.outputs.images", "campaign.tools"})
    for module in _in("campaign.tools.wordpress"):
        assert not _campaign(module) - allowed, f"{module} imports {_campaign(module) - allowed}"


def test_there_is_no_import_cycle():
    graph = {m: {i for i in _campaign(m) if i in modules() and i != "campaign"} for m in modules()}
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for dep in sorted(graph[module]):
            assert seen.get(dep) != 1, "import cycle: " + " -> ".join([*path[path.index(dep):], dep])
            if dep not in seen:
                visit(dep, [*path, dep])
        seen[module] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])


def test_the_plugin_module_only_wires():
    """plugin.py registers receivers and adapts Pelican's objects; the work is in the layers."""
    tree = ast.parse(modules()["campaign.plugin"].read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    long = [f"{f.name} ({lines} lines)" for f in functions if (lines := (f.end_lineno or f.lineno) - f.lineno + 1) > 31]
    assert not long, f"plugin.py does work itself: {long}"
