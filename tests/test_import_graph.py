"""The apps depend on each other one way (STYLE.md, issue 16):

    accounts < organizations < notifications < meetings < tracking
        < documents, search < giaoban (top)

An app imports only apps below it, never above, not even inside a function or for type
checking. The project package ``giaoban`` is two things: utility modules that any app
may import (they import no app), and its top modules (urls, views, demo, backup,
generate, management commands…) that may import anything and that no app imports.
A views module never imports another app's views: what two apps' pages share is a read
in the owning app's ``queries.py`` or ``access.py``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RANK = {
    "accounts": 0,
    "organizations": 1,
    "notifications": 1.5,  # above organizations (reporters), below the apps that notify
    "meetings": 2,
    "tracking": 3,
    "documents": 4,
    "search": 4,
    "giaoban": 5,  # its top modules
}
UTILITY = "giaoban (utility)"
# Modules of the project package that apps import: they import no app.
GIAOBAN_UTILITY = {
    "giaoban",
    "giaoban.admin_site",
    "giaoban.compiled",
    "giaoban.env",
    "giaoban.error_summary",
    "giaoban.fieldhtml",
    "giaoban.forms",
    "giaoban.fragments",
    "giaoban.models",
    "giaoban.pagecache",
    "giaoban.pagination",
    "giaoban.params",
    "giaoban.release",
    "giaoban.rowhtml",
    "giaoban.text",
    "giaoban.workbooks",
}

# Edges that are on their way out (issue 16): the follow-up parts of saving and issuing
# a conclusion, carrying over, and the follow-up formsets of the report and conclusion
# forms move from meetings into tracking (helpers "reports" and "conclusions"). Each
# entry must still be needed: remove it when its import goes, until the list is empty.
ALLOWED: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    imported: str  # the module imported (``from a.b import c``: a.b.c if c is a module)
    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.module} imports {self.imported}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name: str) -> bool:
    base = ROOT.joinpath(*name.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def imports_of(path: Path) -> list[Import]:
    """Every import of the file: at the top, inside functions, under TYPE_CHECKING."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [
                f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                for alias in node.names
            ]
        else:
            continue
        rel = str(path.relative_to(ROOT))
        found += [Import(module, name, rel, node.lineno) for name in dict.fromkeys(names)]
    return found


def app_of(module: str) -> str | None:
    top = module.split(".")[0]
    if top not in RANK:
        return None
    if top == "giaoban" and module in GIAOBAN_UTILITY:
        return UTILITY
    return top


def is_views(module: str) -> bool:
    return any(part == "views" or part.endswith("_views") for part in module.split(".")[1:])


def all_imports() -> list[Import]:
    found = []
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                found += imports_of(path)
    return found


def between_apps(imports: list[Import]) -> list[Import]:
    return [i for i in imports if app_of(i.imported) and app_of(i.module) != app_of(i.imported)]


def test_the_allowlist_holds_only_imports_that_still_exist():
    edges = {(i.module, i.imported) for i in all_imports()}
    gone = sorted(ALLOWED - edges)
    assert not gone, f"No longer imported, remove from ALLOWED: {gone}"


def test_no_app_imports_an_app_above_it():
    wrong = []
    for i in between_apps(all_imports()):
        if (i.module, i.imported) in ALLOWED:
            continue
        source, target = app_of(i.module), app_of(i.imported)
        if source == UTILITY:
            wrong.append(f"{i}: a giaoban utility module imports no app")
        elif target == "giaoban":
            wrong.append(f"{i}: no app imports a top module of giaoban")
        elif target != UTILITY and RANK[target] > RANK[source]:
            wrong.append(f"{i}: {source} is below {target}")
    assert not wrong, "\n".join(wrong)


def test_no_cycle_between_apps():
    edges: dict[str, dict[str, Import]] = {}
    for i in between_apps(all_imports()):
        if (i.module, i.imported) not in ALLOWED:
            edges.setdefault(app_of(i.module), {}).setdefault(app_of(i.imported), i)
    cycles = []
    for start in sorted(edges):
        # Depth-first from each app back to itself; each cycle found once, from its first app.
        stack = [(start, [start])]
        while stack:
            app, trail = stack.pop()
            for target in sorted(edges.get(app, {})):
                if target == start:
                    cycles.append([*trail, start])
                elif target not in trail and target > start:
                    stack.append((target, [*trail, target]))
    cycles.sort(key=len)
    report = [
        " -> ".join(cycle)
        + "".join(f"\n    {edges[a][b]}" for a, b in zip(cycle, cycle[1:], strict=False))
        for cycle in cycles[:10]
    ]
    assert not cycles, f"{len(cycles)} cycles between apps, the shortest:\n" + "\n".join(report)


def test_no_views_module_imports_another_apps_views():
    wrong = [
        str(i)
        for i in all_imports()
        if is_views(i.module)
        and is_views(i.imported)
        and app_of(i.imported)
        and app_of(i.module) != app_of(i.imported)
        and app_of(i.module) != "giaoban"  # the project's own pages (urls, home) route to apps
        and (i.module, i.imported) not in ALLOWED
    ]
    assert not wrong, "\n".join(wrong)
