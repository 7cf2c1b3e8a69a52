from django.urls import path

from localoffer.teams import views

app_name = "teams"
urlpatterns = [path("", views.contact_us, name="contact-us")]
