"""haven/core/exports.py: one neutralising function, and every CSV/XLSX writer uses it."""

import ast
import datetime
import decimal
from pathlib import Path

import pytest

from haven.testing.exports import FORMULA_PAYLOADS

HAVEN = Path(__file__).resolve().parents[2]
EXPORTS = HAVEN / "core" / "exports.py"


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS)
def test_a_cell_that_could_run_as_a_formula_is_quoted(payload):
    from haven.core.exports import safe_cell

    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize(
    "value",
    [
        -2,
        3.5,
        decimal.Decimal("-1.25"),
        datetime.date(2026, 1, 2),
        datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC),
        None,
        True,
        "Hartford",
        "a=b",
        "2026-01-02",
        "",
    ],
)
def test_numbers_dates_and_plain_text_pass_unchanged(value):
    from haven.core.exports import safe_cell

    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def _writers_outside_the_helper() -> list[str]:
    """Modules (not tests) that import a CSV or XLSX writer, or set an export's content
    type, other than haven/core/exports.py."""
    found = []
    for path in sorted(HAVEN.rglob("*.py")):
        if path == EXPORTS or "tests" in path.parts or path.parent.name == "testing":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            modules = []
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                modules = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if "text/csv" in node.value or "spreadsheetml" in node.value:
                    found.append(f"{path.relative_to(HAVEN)}:{node.lineno} content type")
            for module in modules:
                styling = module == "openpyxl.styles"
                if module == "csv" or (module.split(".")[0] == "openpyxl" and not styling):
                    found.append(f"{path.relative_to(HAVEN)}:{node.lineno} imports {module}")
    return found


def test_every_csv_and_xlsx_export_goes_through_the_helper():
    assert _writers_outside_the_helper() == []
