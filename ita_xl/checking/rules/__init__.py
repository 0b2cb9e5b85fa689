"""The checks: small functions, one per rule, grouped by family, that judge a ``Return``.

Each check takes the Return and a ``Context`` (the framework, the configured units) and yields
``Finding``s at exact cells. Checks never read files. ``run_checks`` runs every family in order:
structure, cells, Thai text, references.
"""

from __future__ import annotations

from ita_xl.checking.findings import Finding
from ita_xl.checking.rules import cells, references, structure, thai_text  # noqa: F401  (registers them)
from ita_xl.checking.rules._base import CHECKS, Context, context_for, framework_of
from ita_xl.model import Return


def run_checks(ret: Return, context: Context | None = None) -> list[Finding]:
    """Every finding of every check, in reading order (file, then sheet by sheet, cell by cell)."""
    ctx = context or context_for(ret)
    found: list[Finding] = []
    for check in CHECKS:
        found.extend(check.run(ret, ctx))
    # one finding per code and cell: two rules of one family can meet on the same value
    unique = {(f.code, f.sheet, f.cell, f.message_en): f for f in found}
    return sorted(unique.values(), key=lambda f: f.sort_key)


__all__ = ["CHECKS", "Context", "context_for", "framework_of", "run_checks"]
