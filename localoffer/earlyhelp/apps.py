from django.apps import AppConfig


class EarlyHelpConfig(AppConfig):
    name = "localoffer.earlyhelp"
    label = "earlyhelp"
    verbose_name = "Early help: families, lead practitioners, plans and outcomes"

    def ready(self) -> None:
        from localoffer.earlyhelp import receivers  # noqa: F401
        from localoffer.earlyhelp.sections import child_early_help
        from localoffer.people.sections import RecordSection, section_register

        section_register(
            RecordSection(
                key="early-help",
                title="Early help",
                template="earlyhelp/_child_section.html",
                context=child_early_help,
                order=20,
            )
        )
