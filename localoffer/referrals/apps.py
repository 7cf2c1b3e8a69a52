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
        from localoffer.people.sections import RecordSection, section_register
        from localoffer.referrals.sections import child_referrals

        # The child's record lists the referrals about the child (people cannot import referrals).
        section_register(
            RecordSection(
                key="referrals",
                title="Referrals and applications",
                template="referrals/_child_referrals.html",
                context=child_referrals,
                order=10,
            )
        )
        from localoffer.people.chronology import ChronologySource, chronology_register
        from localoffer.referrals.sections import referral_chronology

        chronology_register(
            ChronologySource(key="referral", label="Referrals", entries=referral_chronology, order=5)
        )
