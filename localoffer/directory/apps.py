from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "localoffer.directory"
    verbose_name = "Local Offer directory"
