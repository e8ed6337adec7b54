"""Training's /api/v1/ routes, included by haven/api/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
