"""The public trafficking report: the only form an anonymous visitor may post."""

from django.urls import path

from haven.screening import views

app_name = "public_report"
urlpatterns = [path("", views.public_report, name="form")]
