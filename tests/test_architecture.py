"""The shape the design describes: apps import one another in one direction only (no cycles), and
geo/ is plain Python that imports neither Django nor the apps."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = {"django", "backend", "rest_framework"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def app_graph() -> dict[str, set[str]]:
    """backend app -> the other backend apps its code imports (migrations left out)."""
    apps = {p.parent.name for p in (ROOT / "backend").glob("*/__init__.py")} - {"settings"}
    graph: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for path in (ROOT / "backend" / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for module in imported_modules(path):
                parts = module.split(".")
                if parts[0] == "backend" and len(parts) > 1 and parts[1] in apps and parts[1] != app:
                    graph[app].add(parts[1])
    return graph


def a_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle among the apps, as the path around it, or [] if there is none."""
    state: dict[str, str] = {}

    def visit(app: str, path: list[str]) -> list[str]:
        state[app] = "open"
        for other in sorted(graph[app]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other] if other in path else [app, other]
            if other not in state and (cycle := visit(other, [*path, other])):
                return cycle
        state[app] = "done"
        return []

    for app in sorted(graph):
        if app not in state and (cycle := visit(app, [app])):
            return cycle
    return []


def test_apps_import_one_another_in_one_direction():
    graph = app_graph()
    assert {"surveys", "partners", "planning", "imports", "exports"} <= set(graph)
    assert a_cycle(graph) == [], " -> ".join(a_cycle(graph))


def test_the_cycle_finder_finds_a_cycle():
    assert a_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert a_cycle({"a": {"b"}, "b": set()}) == []


def test_geo_is_plain_python():
    for path in (ROOT / "geo").rglob("*.py"):
        bad = {
            m for m in imported_modules(path) if m.split(".")[0] in {"django", "backend", "rest_framework"}
        }
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_apps_read_other_apps_tables_through_their_code_or_views():
    """Raw SQL names only its own app's tables; another app's rows come through that app's
    selectors or a view it owns (surveys_counted_visit, surveys_place)."""
    from django.apps import apps

    owner = {
        model._meta.db_table: model._meta.app_label
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("backend.")
    }
    found = []
    for app in app_graph():
        for path in (ROOT / "backend" / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for table in set(re.findall(r"\b[a-z]+_[a-z_]+\b", path.read_text(encoding="utf-8"))):
                if table in owner and owner[table] != app:
                    found.append(f"{path.relative_to(ROOT)}: {table}")
    assert found == []
