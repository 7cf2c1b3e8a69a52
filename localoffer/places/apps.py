from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "localoffer.places"
    verbose_name = "Commissioned places and nights: capacity, allocation, bookings and returns"

    def ready(self) -> None:
        from localoffer.places import sections

        sections.register()
