from django.urls import path

from localoffer.core import views

app_name = "core"
urlpatterns = [
    path("health/live/", views.health_live, name="health-live"),
    path("health/ready/", views.health_ready, name="health-ready"),
]
