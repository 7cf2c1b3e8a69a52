from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "localoffer.feedback"
    verbose_name = "Feedback on the Local Offer"
