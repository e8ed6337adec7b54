"""Reading a PDF back in tests, with pypdfium2 (PDFium in a wheel): its text, and page 1 as
a PNG for a person to look at. No poppler binaries, so a fresh machine needs nothing more."""

from pathlib import Path


def pdf_text(pdf: bytes) -> str:
    """Every page's text, in reading order, pages separated by a form feed."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
        return "\f".join(pages)
    finally:
        document.close()


def pdf_page_png(pdf: bytes, out: Path, *, dpi: int = 70, page: int = 1) -> Path:
    """Render one page (1 = the first) to a PNG at `out`; returns `out`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        rendered = document[page - 1].render(scale=dpi / 72)
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        rendered.to_pil().save(out, format="PNG")
        return out
    finally:
        document.close()
