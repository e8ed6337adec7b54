"""The download response, shared by the page and the API."""

from django.http import HttpResponse

from haven.documents.models import Document


def attachment(document: Document, content: bytes) -> HttpResponse:
    """Always an attachment, never rendered by the browser, named by the document's id."""
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(content))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
