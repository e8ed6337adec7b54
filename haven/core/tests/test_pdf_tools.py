"""Tests read a PDF back (its text, page 1 as a picture) without poppler's binaries."""

from haven.core.pdf import html_to_pdf
from haven.testing.pdf import pdf_page_png, pdf_text


def test_pdf_text_and_page_picture_need_no_poppler(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    pdf = html_to_pdf("<h1>Agenda packet</h1><p>Case 2026-0001 Restricted</p>")
    text = pdf_text(pdf)
    assert "Agenda packet" in text and "Restricted" in text
    png = pdf_page_png(pdf, tmp_path / "page-1.png", dpi=50)
    assert png.read_bytes().startswith(b"\x89PNG")
