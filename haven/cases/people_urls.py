"""Person pages, mounted at /people/. They live in the cases app: who may see a person
depends on the cases the person appears in (docs/architecture.md)."""

from django.urls import path

from haven.cases import duplicate_views, people_views

app_name = "people"
urlpatterns = [
    # The security officer's review list of likely cross-team duplicates (issue 18).
    path("duplicates/", duplicate_views.duplicate_reviews, name="duplicate_reviews"),
    path(
        "duplicates/<uuid:review_id>/",
        duplicate_views.duplicate_decide,
        name="duplicate_decide",
    ),
    path("<uuid:public_id>/", people_views.person_detail, name="person_detail"),
    path("<uuid:public_id>/merge/", people_views.merge_search, name="merge_search"),
    path(
        "<uuid:public_id>/merge/<uuid:duplicate_id>/",
        people_views.merge_confirm,
        name="merge_confirm",
    ),
]
