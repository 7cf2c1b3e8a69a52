from django.apps import AppConfig


class TransitionsConfig(AppConfig):
    name = "localoffer.transitions"
    label = "transitions"
    verbose_name = "Transitions at 14, 16, 17, 18 and 25"

    def ready(self) -> None:
        from localoffer.people.access import family_withhold_register
        from localoffer.transitions.services import withheld_from

        # A young person of 18 or over decides who in the family may see their record (people cannot import this).
        family_withhold_register("transitions-young-person-decides", withheld_from)
