"""Document pages under /cases/<case>/documents/ (the case page's panel lists them)."""

from django.urls import path

from haven.documents import views

app_name = "documents"
urlpatterns = [
    path("<uuid:case_id>/documents/new/", views.attach, name="attach"),
    path(
        "<uuid:case_id>/documents/<uuid:document_id>/download/",
        views.download,
        name="download",
    ),
    path(
        "<uuid:case_id>/documents/<uuid:document_id>/withdraw/",
        views.withdraw,
        name="withdraw",
    ),
]
