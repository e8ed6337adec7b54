"""Every CSV and XLSX Haven writes goes through here, so that no cell can run as a formula.

A value typed into a record (a name, a team, an audit label) that begins with = + - @, a
tab or a carriage return may be run by a spreadsheet as a formula when the file is opened
(CSV or formula injection: links that leak data, commands on old spreadsheets). Such text
is written behind a single quote, which spreadsheets show as text. Numbers and dates that
an exporter writes as numbers and dates stay so. A guard test
(haven/core/tests/test_exports.py) fails when a module writes CSV or XLSX another way.
"""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, or text a spreadsheet will not run: a single quote before it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class _Line:
    """A file-like target for csv.writer that hands back each line it is given."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Iterable]) -> Iterator[str]:
    """Each row as one CSV line, neutralised, as it is needed (for streaming)."""
    writer = csv.writer(_Line())
    for row in rows:
        yield writer.writerow(safe_row(row))


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(safe_row(row) for row in rows)
    return _attachment(HttpResponse(out.getvalue(), content_type=CSV_TYPE), filename)


def csv_streaming_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    """For exports too long to hold in memory: rows are read and written one at a time."""
    return _attachment(StreamingHttpResponse(csv_lines(rows), content_type=CSV_TYPE), filename)


class Sheet:
    """One worksheet; `append` neutralises the row and returns its cells for styling.
    `worksheet` is openpyxl's, for layout (widths, frozen panes), never for values."""

    def __init__(self, worksheet):
        self.worksheet = worksheet

    def append(self, row: Iterable) -> tuple:
        self.worksheet.append(safe_row(row))
        return tuple(self.worksheet[self.worksheet.max_row])


class Workbook:
    def __init__(self):
        from openpyxl import Workbook as OpenpyxlWorkbook

        self._book = OpenpyxlWorkbook()
        self._book.remove(self._book.active)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self._book.create_sheet(title=title[:31]))

    def response(self, filename: str) -> HttpResponse:
        buffer = io.BytesIO()
        self._book.save(buffer)
        return _attachment(HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE), filename)
