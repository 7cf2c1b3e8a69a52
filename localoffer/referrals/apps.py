from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "localoffer.referrals"
    verbose_name = "Asking for help: referrals, applications and their queues"
