from django.urls import path

from localoffer.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory, name="search"),
    path("services/<slug:slug>/", views.service_detail, name="service"),
    path("guide/", views.guide_start, name="guide"),
    path("guide/results/", views.guide_results, name="guide-results"),
    path("guide/<slug:question>/", views.guide_question, name="guide-question"),
]
