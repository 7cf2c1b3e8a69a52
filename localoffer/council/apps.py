from django.apps import AppConfig


class CouncilConfig(AppConfig):
    """The council's front door and data: the public pages, its reference data and demo data, on top of
    every domain app. Another council replaces this app's data, not the apps below it."""

    name = "localoffer.council"
    verbose_name = "Council front door and data"
