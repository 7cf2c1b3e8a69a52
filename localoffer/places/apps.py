from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "localoffer.places"
    verbose_name = "Commissioned places and nights: capacity, allocation, bookings and returns"
