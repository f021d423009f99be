"""Layering of the amlgen package, read from the source: no import cycles between modules, no imports of
another module's private names, and a command line that only registers commands.

The import graph is every `import` and `from ... import` in generator/amlgen, including those inside
functions (they run too, only later), except those under `if TYPE_CHECKING:` (they never run). Importing
a.b.c also runs the packages a and a.b, so those are edges too; a package's __init__ importing its own
submodules is how a package works and is not one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import ROOT

SOURCE = ROOT / "generator"
PACKAGE = SOURCE / "amlgen"

# The layers, lowest first: what each part of amlgen may import besides itself. A newcomer reads where
# things live from this table, and a change that reaches upwards fails here.
LAYERS: dict[str, tuple[str, ...]] = {
    "amlgen.records": (),  # record classes without compiled methods; every layer may use them (BASE)
    "amlgen.azure": (),  # facts about Azure, with their sources
    "amlgen.catalog": ("amlgen.azure",),  # the rule catalog, citing the Azure articles
    "amlgen.emitters": (),  # which check or stage emits which rule IDs
    "amlgen.diagnostics": ("amlgen.catalog",),
    "amlgen.arm": ("amlgen.azure",),  # the target-neutral resource model
    "amlgen.kinds": ("amlgen.arm", "amlgen.azure", "amlgen.intent.base", "amlgen.emitters"),  # registered kinds
    "amlgen.intent": ("amlgen.kinds", "amlgen.azure", "amlgen.diagnostics", "amlgen.emitters"),
    "amlgen.analysis": ("amlgen.intent", "amlgen.kinds", "amlgen.azure", "amlgen.arm"),
    "amlgen.rules": ("amlgen.analysis", "amlgen.intent", "amlgen.kinds", "amlgen.azure", "amlgen.diagnostics",
                     "amlgen.emitters"),
    "amlgen.validation": ("amlgen.rules", "amlgen.intent", "amlgen.diagnostics"),
    "amlgen.plan": ("amlgen.analysis", "amlgen.intent", "amlgen.kinds", "amlgen.azure", "amlgen.arm"),
    "amlgen.explain": ("amlgen.arm", "amlgen.kinds", "amlgen.azure"),  # the reviewer's view of a deployment
    "amlgen.targets": ("amlgen.arm", "amlgen.azure", "amlgen.explain"),  # printers: the model only
    "amlgen.writer": (),
}


# Below every layer, like the standard library: any layer may import these.
BASE = ("amlgen.records",)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(path: Path) -> bool:
    return path.name == "__init__.py"


FILES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


@dataclass(frozen=True)
class Import:
    importer: str
    module: str  # the module named after `import` or `from`, absolute
    names: tuple[str, ...]  # the names after `from ... import`; empty for `import`
    line: int
    type_checking: bool  # under `if TYPE_CHECKING:`


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _absolute(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = importer if is_package(FILES[importer]) else importer.rpartition(".")[0]
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


def imports_of(importer: str) -> Iterator[Import]:
    tree = ast.parse(FILES[importer].read_text(encoding="utf-8"))

    def walk(node: ast.AST, type_checking: bool) -> Iterator[Import]:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                yield from walk(child, True)
            for child in node.orelse:
                yield from walk(child, type_checking)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(importer, alias.name, (), node.lineno, type_checking)
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield Import(importer, _absolute(importer, node), names, node.lineno, type_checking)
        for child in ast.iter_child_nodes(node):
            yield from walk(child, type_checking)

    yield from walk(tree, False)


def _with_parents(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:index]) for index in range(1, len(parts) + 1)]


def targets(imported: Import) -> set[str]:
    """The amlgen modules an import runs: the module, its parent packages, and submodules named after
    `from package import`."""
    found = set(_with_parents(imported.module))
    found |= {f"{imported.module}.{name}" for name in imported.names}
    return {module for module in found if module in FILES}


def graph() -> dict[str, dict[str, int]]:
    """importer -> {imported module: line}, for the imports that run."""
    edges: dict[str, dict[str, int]] = {module: {} for module in FILES}
    for importer in FILES:
        for imported in imports_of(importer):
            if imported.type_checking:
                continue
            for target in targets(imported):
                own_submodule = is_package(FILES[importer]) and target.startswith(importer + ".")
                own_package = importer.startswith(target + ".")  # already running when the importer runs
                if target != importer and not own_submodule and not own_package:
                    edges[importer].setdefault(target, imported.line)
    return edges


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges[module]:
            if target not in index:
                connect(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            connect(module)
    return sorted(found)


def describe(component: list[str], edges: dict[str, dict[str, int]]) -> str:
    members = set(component)
    lines = [f"  {importer} -> {target} (line {line})" for importer in component
             for target, line in sorted(edges[importer].items()) if target in members]
    return "cycle between " + ", ".join(component) + ":\n" + "\n".join(lines)


def private_imports() -> dict[tuple[str, str], int]:
    """(importer, what) -> line: `from x import _y`, `import x._y` and `x._y` on an imported module x,
    for any other module x. Dunder names (__version__) are public."""
    found: dict[tuple[str, str], int] = {}
    for importer in FILES:
        tree = ast.parse(FILES[importer].read_text(encoding="utf-8"))
        modules: set[str] = set()  # local names bound to a module
        for imported in imports_of(importer):
            for name in imported.names:
                if _private(name):
                    found[importer, f"from {imported.module} import {name}"] = imported.line
                if f"{imported.module}.{name}" in FILES:
                    modules.add(name)
            if any(_private(part) for part in imported.module.split(".")):
                found[importer, f"import {imported.module}"] = imported.line
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                modules |= {alias.asname for alias in node.names
                            if alias.asname and f"{_absolute(importer, node)}.{alias.name}" in FILES}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in modules and _private(node.attr)
                    and f"{node.value.id}.{node.attr}" not in DOCUMENTED):
                found[importer, f"{node.value.id}.{node.attr}"] = node.lineno
    return found


# Public despite the underscore: the standard library documents them (os._exit ends a process at once).
DOCUMENTED = {"os._exit"}


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_no_import_cycles_between_amlgen_modules() -> None:
    edges = graph()
    assert not (found := cycles(edges)), "\n".join(describe(component, edges) for component in found)


def test_no_module_imports_another_modules_private_names() -> None:
    found = private_imports()
    assert not found, "\n".join(f"{importer}, line {line}: {what}" for (importer, what), line in sorted(found.items()))


def _layer(module: str) -> str | None:
    return next((layer for layer in sorted(LAYERS, key=len, reverse=True)
                 if module == layer or module.startswith(layer + ".")), None)


def test_each_layer_imports_only_the_layers_below_it() -> None:
    """Imports at run time and for type checking alike: a layer that only type-checks against a higher one
    still depends on it."""
    problems = []
    for importer in FILES:
        layer = _layer(importer)
        if layer is None:
            continue  # the command line, the pipeline and the package itself sit on top of everything
        for imported in imports_of(importer):
            named = {imported.module, *(f"{imported.module}.{name}" for name in imported.names)}
            for target in named & set(FILES):
                allowed = LAYERS[layer] + BASE
                if _layer(target) in (layer, None) and target.startswith(layer):
                    continue
                if not any(target == ok or target.startswith(ok + ".") for ok in allowed):
                    problems.append(f"{importer} (line {imported.line}) imports {target}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_module_belongs_to_a_layer_or_to_the_top() -> None:
    top = {"amlgen", "amlgen.__main__", "amlgen.cli", "amlgen.pipeline", "amlgen.commands"}
    loose = [m for m in FILES if _layer(m) is None and not any(m == t or m.startswith(t + ".") for t in top)]
    assert not loose, loose


def test_cli_only_registers_commands() -> None:
    """cli.py creates the typer app and registers the commands of amlgen.commands; no command logic."""
    from amlgen.cli import app

    tree = ast.parse(FILES["amlgen.cli"].read_text(encoding="utf-8"))
    allowed = (ast.Import, ast.ImportFrom, ast.Assign, ast.For, ast.FunctionDef)
    for node in tree.body[1:]:  # after the docstring
        assert isinstance(node, allowed), f"line {node.lineno}: {type(node).__name__} in cli.py"
        if isinstance(node, ast.Assign):
            assert [ast.unparse(t) for t in node.targets] == ["app"], f"line {node.lineno}"
        if isinstance(node, ast.For):
            assert [ast.unparse(statement) for statement in node.body] == ["app.command()(command)"]
        if isinstance(node, ast.FunctionDef):
            body = [ast.unparse(statement) for statement in node.body]
            # runtime.run(app): the app, then the process ends at once (commands/runtime.py).
            assert (node.name, body, node.decorator_list) == ("main", ["runtime.run(app)"], []), f"line {node.lineno}"
        if isinstance(node, ast.ImportFrom):
            assert node.module in ("__future__", "typer", "amlgen.commands"), f"line {node.lineno}"
    modules = {command.callback.__module__ for command in app.registered_commands if command.callback}
    assert len(app.registered_commands) == 7
    assert all(module.startswith("amlgen.commands.") for module in modules), modules


def test_every_package_ships_in_the_wheel() -> None:
    """setuptools lists the packages by hand (templates and examples map to other folders), so a new
    package missing from pyproject.toml would be left out of the wheel."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {module_name(path) for path in PACKAGE.rglob("__init__.py")}
    assert packages <= listed, sorted(packages - listed)
    assert listed - packages <= {"amlgen.templates", "amlgen.examples"}, sorted(listed - packages)
