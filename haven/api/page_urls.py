"""My API tokens (browser pages). Rows in haven/api/tests/access_rows.py."""

from django.urls import path

from haven.api import pages

app_name = "tokens"
urlpatterns = [
    path("", pages.my_tokens, name="mine"),
    path("all/", pages.all_tokens, name="all"),
    path("<uuid:token_id>/revoke/", pages.my_token_revoke, name="revoke"),
]
