"""The insights exports beyond CSV (haven.core.exports.csv_response): the workbook's
layout, written through haven.core.exports (every cell neutralised there), and PDF."""

from django.http import HttpResponse

from haven.core import exports


def xlsx_response(sheets: list[tuple[str, list[list]]], filename: str) -> HttpResponse:
    """`sheets`: (title, rows); a row's first cell in bold when it is a heading row
    (a one-cell row)."""
    from openpyxl.styles import Font

    book = exports.Workbook()
    for title, rows in sheets:
        sheet = book.sheet(title)
        for row in rows:
            cells = sheet.append(row)
            if len(row) == 1:
                cells[0].font = Font(bold=True)
        sheet.worksheet.column_dimensions["A"].width = 48
        sheet.worksheet.column_dimensions["B"].width = 16
    return book.response(filename)


def pdf_response(html: str, filename: str) -> HttpResponse:
    from haven.core.pdf import html_to_pdf

    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
