"""The public trafficking report: the only form an anonymous visitor may post."""

from django.urls import path  # noqa: F401

app_name = "public_report"
urlpatterns: list = []
