"""This app's /api/v1/ routes, included by haven/api/urls.py."""

from django.urls import path

from haven.documents import api

C = "cases/<uuid:public_id>/documents"

urlpatterns = [
    path(f"{C}/", api.DocumentListView.as_view(), name="api-documents"),
    path(f"{C}/upload/", api.DocumentUploadView.as_view(), name="api-document-upload"),
    path(
        f"{C}/<uuid:document_id>/download/",
        api.DocumentDownloadView.as_view(),
        name="api-document-download",
    ),
    path(
        f"{C}/<uuid:document_id>/withdraw/",
        api.DocumentWithdrawView.as_view(),
        name="api-document-withdraw",
    ),
]
