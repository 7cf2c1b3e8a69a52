from django.urls import path

from localoffer.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="search"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
]
