from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "localoffer.messaging"
    verbose_name = "Messages to families and teams, sent by email through GOV.UK Notify"
