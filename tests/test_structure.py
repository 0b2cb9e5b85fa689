"""The shape of the code, held by tests: no import circles (import-linter's contracts in
pyproject.toml hold the direction of the stages), no function above complexity C, no private name
used across modules."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from radon.complexity import cc_rank, cc_visit

PACKAGE = Path(__file__).resolve().parents[1] / "ita_xl"


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = grimp.build_graph("ita_xl", exclude_type_checking_imports=True)
    circles = {
        tuple(sorted((module, imported)))
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.find_shortest_chain(importer=imported, imported=module)
    }
    assert circles == set()


def test_no_function_is_above_complexity_c() -> None:
    too_complex = [
        f"{path.relative_to(PACKAGE)}:{block.lineno} {block.name} ({block.complexity})"
        for path in sorted(PACKAGE.rglob("*.py"))
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if cc_rank(block.complexity) > "C"
    ]
    assert too_complex == []


def test_private_names_stay_in_their_module() -> None:
    """``from ita_xl.x import _name`` would tie two modules through a name neither promises."""
    crossing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ita_xl"):
                crossing += [f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
                             for alias in node.names
                             if alias.name.startswith("_") and not alias.name.startswith("__")
                             and node.module != "ita_xl"]  # fmt: skip
    assert crossing == []


def test_each_live_rule_has_its_formula_beside_its_check() -> None:
    """A rule counted on the ``ตรวจสอบ`` sheet is declared once, in two forms side by side: the
    check (``name``) and its formula (``name_formula`` or ``name_formulas``) in the same module,
    which the live-check plan calls. Changing a rule means opening one file."""
    import sys

    from ita_xl.checking.rules import CHECKS
    from ita_xl.workbook.livechecks import LIVE_CODES

    live = PACKAGE / "workbook" / "livechecks"
    plan_source = "\n".join(p.read_text(encoding="utf-8") for p in live.glob("*.py"))
    missing = []
    for code in LIVE_CODES:
        (registered,) = [r for r in CHECKS if code in r.codes]
        module = sys.modules[registered.run.__module__]
        name = registered.run.__name__
        formula = next((f"{name}{suffix}" for suffix in ("_formula", "_formulas")
                        if hasattr(module, f"{name}{suffix}")), None)  # fmt: skip
        if formula is None:
            missing.append(f"{code}: no {name}_formula in {module.__name__}")
        elif f".{formula}(" not in plan_source:
            missing.append(f"{code}: the live checks do not call {formula}")
    assert missing == []
