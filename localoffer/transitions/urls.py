from django.urls import path

from localoffer.transitions import views

app_name = "transitions"
urlpatterns = [
    path("", views.due, name="due"),
    path("who-may-see-your-record/", views.sharing, name="sharing"),
    path("<uuid:child_id>/<int:age>/", views.record, name="record"),
]
