"""Reading CSV and XLSX exports back in tests, and the cells that must never run as a
formula (haven.core.exports.safe_cell)."""

import csv
import io

# Each begins a formula, or (tab, carriage return) lets one through in some spreadsheets.
FORMULA_PAYLOADS = [
    '=HYPERLINK("http://x.invalid","Open")',
    "+1",
    "-2",
    "@SUM(A1:A2)",
    "\tx",
    "\rx",
]


def csv_rows(response) -> list[list[str]]:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))


def xlsx_rows(response, sheet: str | None = None) -> list[list]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(response.content))
    return [
        list(row) for row in (book[sheet] if sheet else book.active).iter_rows(values_only=True)
    ]


def assert_neutralised(rows: list[list]) -> None:
    """Every payload arrives as text behind a single quote, and never bare.

    XLSX is XML, whose readers turn a carriage return into a line feed: both sides are
    compared that way."""
    cells = [_newlines(cell) for row in rows for cell in row]
    for payload in map(_newlines, FORMULA_PAYLOADS):
        assert "'" + payload in cells, f"{payload!r} is missing or not neutralised"
        assert payload not in cells, f"{payload!r} is exported bare"


def _newlines(value):
    return value.replace("\r", "\n") if isinstance(value, str) else value
