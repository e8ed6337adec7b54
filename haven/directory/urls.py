from django.urls import path

from haven.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("agencies/new/", views.agency_create, name="agency_create"),
    path("agencies/<uuid:public_id>/", views.agency_detail, name="agency_detail"),
    path("agencies/<uuid:public_id>/personnel/", views.personnel_add, name="personnel_add"),
    path("agencies/<uuid:public_id>/credentials/", views.credential_add, name="credential_add"),
    path("districts/", views.district_list, name="district_list"),
]
