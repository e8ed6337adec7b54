"""HTML to PDF with WeasyPrint, for printable records (case reports, agenda packets).

The renderer fetches nothing from the network or the disk: a record's text could name a
URL (an image in a narrative, a stylesheet), and a renderer that followed it would let a
user make the server read a local file or request any address. Style comes inline.
"""

import logging

from weasyprint import HTML
from weasyprint.urls import URLFetcher


class _NoFetching(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError("Haven's PDF renderer fetches nothing.")


def render(html: str):
    """The laid-out document (pages and their sizes); html_to_pdf writes it out."""
    # WeasyPrint logs each refused fetch with its URL; the URL could come from a record.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=html, url_fetcher=_NoFetching(), base_url="about:blank").render()


def html_to_pdf(html: str) -> bytes:
    return render(html).write_pdf()
