"""The PDF renderer reads nothing a document points at."""

from haven.core.pdf import html_to_pdf, render

SQUARE = "@page { size: 100mm 100mm }"


def test_pdf_renderer_ignores_a_stylesheet_the_document_links_to(tmp_path):
    sheet = tmp_path / "page.css"
    sheet.write_text(SQUARE)
    linked = render(f'<link rel="stylesheet" href="file://{sheet}"><p>Report</p>')
    inline = render(f"<style>{SQUARE}</style><p>Report</p>")
    square = round(100 / 25.4 * 96, 2)  # 100 mm in CSS pixels
    assert round(inline.pages[0].width, 2) == square  # the check itself works
    assert round(linked.pages[0].width, 2) != square


def test_pdf_renderer_writes_a_pdf():
    assert html_to_pdf("<p>Report</p>").startswith(b"%PDF-")
