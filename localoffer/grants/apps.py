from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "localoffer.grants"
    verbose_name = "The short breaks grant: policy, awards, payments and the statement"

    def ready(self) -> None:
        from localoffer.grants import receivers  # noqa: F401
        from localoffer.referrals.models import Route
        from localoffer.referrals.scope import register_age_limits

        register_age_limits(Route.SHORT_BREAKS_GRANT, _grant_ages)


def _grant_ages() -> tuple[int, int] | None:
    """The ages the grant's published policy serves: what the application form says is in scope."""
    from localoffer.grants.services import current_policy

    policy = current_policy()
    return (policy.minimum_age, policy.maximum_age) if policy is not None else None
