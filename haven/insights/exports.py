"""CSV and XLSX writers shared by every export: each cell passes `rules.safe_cell`, so a
value typed into a record can never run as a spreadsheet formula."""

import csv
import io

from django.http import HttpResponse

from haven.insights.rules import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe_rows(rows):
    return [[safe_cell(value) for value in row] for row in rows]


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    out = io.StringIO()
    csv.writer(out).writerows(_safe_rows(rows))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(sheets: list[tuple[str, list[list]]], filename: str) -> HttpResponse:
    """`sheets`: (title, rows); a row's first cell in bold when it is a heading row
    (a one-cell row)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for row in _safe_rows(rows):
            sheet.append(row)
            if len(row) == 1:
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["B"].width = 16
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_response(html: str, filename: str) -> HttpResponse:
    from haven.core.pdf import html_to_pdf

    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
