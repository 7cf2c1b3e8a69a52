from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "localoffer.teams"
    verbose_name = "Teams, hubs and helplines"
