"""The roles people have in the service, and which of them are council or provider staff."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    PARENT_CARER = "parent_carer", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    REFERRING_PROFESSIONAL = "referring_professional", "Referring professional"
    DUTY_WORKER = "duty_worker", "Duty worker, Children's Advice and Duty Service"
    SOCIAL_WORKER = "social_worker", "Social worker, 0 to 25 disability team"
    SDS_COORDINATOR = "sds_coordinator", "Self-directed support coordinator"
    EARLY_HELP_PRACTITIONER = "early_help_practitioner", "Early help practitioner"
    PARTNER_PRACTITIONER = (
        "partner_practitioner",
        "Lead practitioner from a partner agency (a school, a health visitor)",
    )
    COMMISSIONER = "commissioner", "Commissioner"
    PROVIDER_STAFF = "provider_staff", "Provider staff"
    LOCAL_OFFER_EDITOR = "local_offer_editor", "Local Offer editor"
    MANAGER = "manager", "Manager"
    SYSTEM_ADMINISTRATOR = "system_administrator", "System administrator"


# People who hold or handle records for the council (its own staff and its providers' staff) must use
# a second factor. Families, young people and referring professionals from other agencies do not.
STAFF_ROLES: frozenset[str] = frozenset(
    {
        Role.DUTY_WORKER,
        Role.SOCIAL_WORKER,
        Role.SDS_COORDINATOR,
        Role.EARLY_HELP_PRACTITIONER,
        Role.PARTNER_PRACTITIONER,
        Role.COMMISSIONER,
        Role.PROVIDER_STAFF,
        Role.LOCAL_OFFER_EDITOR,
        Role.MANAGER,
        Role.SYSTEM_ADMINISTRATOR,
    }
)

# Practitioners who carry a caseload of children, through their team's involvement with a child.
CASEWORK_ROLES: frozenset[str] = frozenset(
    {Role.SOCIAL_WORKER, Role.SDS_COORDINATOR, Role.EARLY_HELP_PRACTITIONER}
)

# Roles that may open any child's record, but only after saying why (recorded in the audit trail).
PURPOSE_REQUIRED_ROLES: frozenset[str] = frozenset({Role.DUTY_WORKER, Role.MANAGER})

FAMILY_ROLES: frozenset[str] = frozenset({Role.PARENT_CARER, Role.YOUNG_PERSON})

# A partner agency's practitioner who leads a family's early help: they see only the families they lead
# (earlyhelp/access.py), never a caseload or any child's record through a team.
PARTNER_ROLES: frozenset[str] = frozenset({Role.PARTNER_PRACTITIONER})
