from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "localoffer.referrals"
    verbose_name = "Asking for help: referrals, applications and their queues"

    def ready(self) -> None:
        from localoffer.accounts.signals import email_verified
        from localoffer.referrals.receivers import link_sent_referrals_to_verified_account

        email_verified.connect(
            link_sent_referrals_to_verified_account, dispatch_uid="referrals-link-to-verified-account"
        )
