from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "localoffer.people"
    verbose_name = "Children, young people and families"
