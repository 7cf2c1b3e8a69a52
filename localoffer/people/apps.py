from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "localoffer.people"
    verbose_name = "Children, young people and families"

    def ready(self) -> None:
        from localoffer.people.chronology import ChronologySource, chronology_register, involvement_entries

        chronology_register(
            ChronologySource(key="involvement", label="Teams", entries=involvement_entries, order=90)
        )
