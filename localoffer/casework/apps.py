from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "localoffer.casework"
    verbose_name = "Casework: notes, assessments, plans, reviews, panels and the CIN census"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from localoffer.casework import receivers
        from localoffer.casework.chronology import register_chronology
        from localoffer.casework.sections import register_sections

        user_logged_in.connect(receivers.offer_drafts_back, dispatch_uid="casework-offer-drafts-back")
        register_sections()
        register_chronology()
