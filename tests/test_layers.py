"""The package's architecture, enforced: layers, independent outputs, no cycles, no private name
crossing a subpackage.

The layers, from the bottom (README, "Architecture"):

============  ==================================================================
core          errors and their sentences, the tables' schema, atomic writes, text codes
presentation  words, formats, palette, HTML templates, file names for people
model         the market, its parameters, reading values a person typed
files         loading workbooks, CSV and Parquet; writing tables; sample data
analysis      the KAM definitions: tables in, tables out
charts        matplotlib figures of the definitions, drawn by outputs and course
outputs       widgets, reports, the results workbook, template, cards
course        the Portuguese lessons, the handout, the course site
exercises     the self-checking exercises
cli           the ``kamkit`` command: the only module that imports click
============  ==================================================================

A module imports only from its own subpackage and the layers below it. The outputs never import
each other. Only the layers above every public name (course, exercises, cli) may import the
facade ``kamkit`` (``import kamkit as kk``), as an analyst's notebook does. The checks read the source (every import, also those inside functions), so they
need no import of kamkit and see the imports a run might never reach.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kamkit"

#: Bottom first. A module of layer i may import the layers 0..i-1 and its own subpackage.
LAYERS = [
    "core",
    "presentation",
    "model",
    "files",
    "analysis",
    "charts",
    "outputs",
    "course",
    "exercises",
    "cli",
]
#: Outputs that must not import each other (a name here is a module of kamkit.outputs).
OUTPUTS = ["widgets", "reports", "report_workers", "export", "template", "cards"]
#: One output may span several modules: the reports run their workers.
OUTPUT_GROUPS = {"report_workers": "reports"}
#: The facade (kamkit/__init__.py, __main__, _version) sits outside the layers: any module may
#: import the version; none may import the facade's lazy names.
FACADE = {"kamkit", "kamkit.__main__", "kamkit._version"}
#: The only modules that may import click.
CLICK = {"kamkit.cli"}


@dataclass
class Graph:
    #: module -> [(imported module, line, names imported from it)]
    imports: dict[str, list[tuple[str, int, tuple[str, ...]]]] = field(default_factory=dict)
    #: module -> [(module alias's target, private attribute, line)]
    attributes: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def read_graph(root: Path = PACKAGE) -> Graph:
    modules = {module_name(p, root): p for p in root.rglob("*.py")}
    graph = Graph()
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found, aliases, attributes = [], {}, []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == "click" or alias.name.split(".")[0] == "kamkit":
                        found.append((alias.name, node.lineno, ()))
                        if alias.asname:
                            aliases[alias.asname] = alias.name
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(node, name, path.name == "__init__.py")
                if not (target == "click" or target.split(".")[0] == "kamkit"):
                    continue
                names = []
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    if sub in modules:  # `from kamkit.model import convert`: a module
                        found.append((sub, node.lineno, ()))
                        aliases[alias.asname or alias.name] = sub
                    else:
                        names.append(alias.name)
                if names or target not in modules:
                    found.append((target, node.lineno, tuple(names)))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                attributes.append((aliases[node.value.id], node.attr, node.lineno))
        graph.imports[name] = found
        graph.attributes[name] = attributes
    return graph


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _subpackage(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _output(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) >= 3 and parts[1] == "outputs" and parts[2] in OUTPUTS:
        return OUTPUT_GROUPS.get(parts[2], parts[2])
    return None


def violations(graph: Graph) -> list[str]:
    """Every broken rule, one sentence each, naming the module and line."""
    found = []
    for module, imports in sorted(graph.imports.items()):
        layer = _layer(module)
        for target, line, names in imports:
            where = f"{module}:{line}"
            if target == "click" or target.startswith("click."):
                if module not in CLICK:
                    found.append(
                        f"{where} imports click: only kamkit.cli may (raise "
                        "KamkitError instead and let the CLI turn it into exit 2)"
                    )
                continue
            if layer is None:  # the facade
                continue
            if target in ("kamkit", "kamkit.__main__") and LAYERS.index(layer) < LAYERS.index(
                "course"
            ):
                found.append(
                    f"{where} imports the facade kamkit ({', '.join(names) or '*'}): "
                    "import from the module that defines the name"
                )
                continue
            if target in FACADE:
                continue
            other = _layer(target)
            if other is None:
                found.append(f"{where} imports {target}, which belongs to no layer")
            elif other != layer and LAYERS.index(other) > LAYERS.index(layer):
                found.append(f"{where}: {layer} imports {target}, from the layer {other} above it")
            if _output(module) and _output(target) and _output(module) != _output(target):
                found.append(
                    f"{where}: the output {_output(module)} imports the output "
                    f"{_output(target)}; move what they share into a lower layer"
                )
            if _subpackage(module) != _subpackage(target):
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if target.split(".")[-1].startswith("_"):
                    private.append(f"module {target}")
                if private:
                    found.append(
                        f"{where} takes the private name(s) {', '.join(private)} "
                        f"from {target}: make them public or keep them inside "
                        f"{_subpackage(target)}"
                    )
        for target, attribute, line in graph.attributes.get(module, []):
            if layer is not None and _subpackage(module) != _subpackage(target):
                found.append(f"{module}:{line} uses the private {target}.{attribute}")
    found.extend(cycles(graph))
    return found


def cycles(graph: Graph) -> list[str]:
    """Each group of modules that import one another (Tarjan's strongly connected components)."""
    edges = {
        m: sorted({t for t, _, _ in imps if t in graph.imports and t != m})
        for m, imps in graph.imports.items()
    }
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                item = stack.pop()
                on_stack.discard(item)
                group.append(item)
                if item == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [f"import cycle: {' <-> '.join(g)}" for g in groups]


def test_the_layers_hold():
    problems = violations(read_graph())
    assert problems == [], "\n".join(problems)


def test_every_module_belongs_to_a_layer():
    names = set(read_graph().imports)
    stray = sorted(n for n in names if _layer(n) is None and n not in FACADE)
    assert stray == [], f"modules outside the layers: {stray}"


PLANTED = {
    "upward": (
        "analysis/segmentation.py",
        "from kamkit.charts.plots import plot_matrix\n",
        "analysis imports kamkit.charts.plots, from the layer charts above it",
    ),
    "sideways": (
        "outputs/cards.py",
        "from kamkit.outputs.export import write_results\n",
        "the output cards imports the output export",
    ),
    "private": (
        "charts/plots.py",
        "from kamkit.model.convert import _number\n",
        "takes the private name(s) _number from kamkit.model.convert",
    ),
    "click": ("files/loading.py", "import click\n", "imports click"),
    "cycle": (
        "core/schema.py",
        "from kamkit.core.errors import Text\ndef _f():\n    from kamkit.core import schema\n",
        None,
    ),
}


@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_a_planted_violation_fails(tmp_path, kind):
    copy = tmp_path / "kamkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    relative, line, expected = PLANTED[kind]
    if kind == "cycle":  # errors imports schema, schema imports errors
        (copy / "core/errors.py").write_text(
            (copy / "core/errors.py").read_text() + "\nfrom kamkit.core import schema\n"
        )
        (copy / "core/schema.py").write_text(
            (copy / "core/schema.py").read_text() + "\nfrom kamkit.core.errors import Text\n"
        )
        expected = "import cycle: kamkit.core.errors <-> kamkit.core.schema"
    else:
        (copy / relative).write_text((copy / relative).read_text() + "\n" + line)
    before = set(violations(read_graph(PACKAGE)))
    planted = [p for p in violations(read_graph(copy)) if p not in before]
    assert any(expected in p for p in planted), planted
