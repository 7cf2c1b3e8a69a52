"""Writing the Local Offer. Every change goes through these functions, which keep the search index true."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.directory.models import (
    EDITABLE_FIELDS,
    ChangeStatus,
    CostOption,
    Level,
    ListingChange,
    Organization,
    Service,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from localoffer.directory.search import service_reindex
from localoffer.messaging.services import message_queue
from localoffer.teams.models import Team

# The vocabularies every council's Local Offer uses; the terms in each come from the council's data.
TAXONOMIES = {
    "level-of-need": (
        "Level of need",
        "Universal, targeted or specialist: how much assessment a service needs.",
    ),
    "needs": ("Needs supported", "The needs and disabilities a service is for."),
    "access-routes": ("How to get it", "How a family gets the service."),
    "funding": ("How it is paid for", "Who pays, and with what."),
    "when": ("When", "When the service runs."),
    "ratios": ("Staff ratios", "How many staff work with how many children."),
    "help-types": ("Kind of help", "What a family looking for help would call it."),
    "areas": ("Area", "Where in the council's area the service is offered."),
}
LEVEL_TERMS = {level.value: level.label.split(":")[0] for level in Level}


@transaction.atomic
def taxonomy_term_upsert(
    *,
    taxonomy_slug: str,
    code: str,
    name: str,
    position: int = 0,
    synonyms: list[str] | None = None,
    parent: TaxonomyTerm | None = None,
) -> TaxonomyTerm:
    taxonomy, _ = Taxonomy.objects.get_or_create(
        slug=taxonomy_slug,
        defaults={"name": TAXONOMIES[taxonomy_slug][0], "description": TAXONOMIES[taxonomy_slug][1]},
    )
    words = list(synonyms or [])
    term = TaxonomyTerm.objects.filter(taxonomy=taxonomy, code=code).first()
    if term is None:
        return TaxonomyTerm.objects.create(
            taxonomy=taxonomy, code=code, name=name, position=position, synonyms=words, parent=parent
        )
    wanted = (name, position, words, parent.pk if parent else None)
    if (term.name, term.position, term.synonyms, term.parent_id) != wanted:
        term.name, term.position, term.synonyms, term.parent = name, position, words, parent
        term.save()
    return term


@transaction.atomic
def organization_upsert(*, slug: str, **fields: Any) -> Organization:
    organization = Organization.objects.filter(slug=slug).first() or Organization(slug=slug)
    changed = organization._state.adding or any(getattr(organization, k) != v for k, v in fields.items())
    if changed:
        for name, value in fields.items():
            setattr(organization, name, value)
        organization.full_clean()
        organization.save()
    return organization


@transaction.atomic
def service_upsert(
    *,
    slug: str,
    organization: Organization,
    terms: dict[str, list[str]],
    costs: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> Service:
    """Create or bring up to date one service, its taxonomy terms and cost options; reindex it for search."""
    service = Service.objects.filter(slug=slug).first() or Service(slug=slug)
    fields["organization"] = organization
    changed = service._state.adding or any(getattr(service, k) != v for k, v in fields.items())
    if changed:
        for name, value in fields.items():
            setattr(service, name, value)
        service.full_clean()
        service.save()
    terms_changed = _set_terms(service, terms)
    if terms_changed and not changed:
        audit_record(action=Action.CHANGE, obj=service, changed_fields=["terms"])
    if costs is not None:
        wanted_costs = [(c["option"], c.get("amount_pence"), c.get("description", "")) for c in costs]
        have = [(c.option, c.amount_pence, c.amount_description) for c in service.cost_options.all()]
        if sorted(wanted_costs, key=str) != sorted(have, key=str):
            for cost in service.cost_options.all():
                cost.delete()
            for option, amount, description in wanted_costs:
                CostOption.objects.create(
                    service=service, option=option, amount_pence=amount, amount_description=description
                )
    if changed or terms_changed:
        service_reindex(service)
    return service


def _set_terms(service: Service, terms: dict[str, list[str]]) -> bool:
    """Give the service exactly these terms (and its level's). True if that changed anything."""
    wanted_terms = {
        ("level-of-need", service.level),
        *((t, code) for t, codes in terms.items() for code in codes),
    }
    available = {(t.taxonomy.slug, t.code): t.id for t in TaxonomyTerm.objects.select_related("taxonomy")}
    missing = wanted_terms - available.keys()
    if missing:
        raise ValueError(f"Unknown taxonomy terms for {service.slug}: {sorted(missing)}")
    term_ids = {available[pair] for pair in wanted_terms}
    current = set(service.attributes.values_list("term_id", flat=True))
    if term_ids == current:
        return False
    ServiceAttribute.objects.filter(service=service).exclude(term_id__in=term_ids).delete()
    ServiceAttribute.objects.bulk_create(
        ServiceAttribute(service=service, term_id=term_id) for term_id in term_ids - current
    )
    return True


def offer_load(*, offer: Any) -> int:
    """Load a council's Local Offer. Safe to run again: it changes only what differs, and
    reindexes every listing when the words families use for its terms have changed.

    `offer` holds the council's data (for Medway, `localoffer.council.medway.offer`): its vocabularies
    NEEDS, ACCESS_ROUTES, FUNDING, WHEN, RATIOS, HELP_TYPES and AREAS, its ORGANISATIONS and its SERVICES.
    Its SYNONYMS and PARENTS give the words families use for each term and the umbrella terms; a service's
    `teams` are the council teams that handle its route (loaded first, by `teams_load`), its contacts where
    the sources give none."""
    vocabularies = {
        "needs": offer.NEEDS,
        "access-routes": offer.ACCESS_ROUTES,
        "funding": offer.FUNDING,
        "when": offer.WHEN,
        "ratios": offer.RATIOS,
        "help-types": offer.HELP_TYPES,
        "areas": offer.AREAS,
        "level-of-need": LEVEL_TERMS,
    }
    before = _vocabulary_state()
    for taxonomy_slug, vocabulary in vocabularies.items():
        parents = offer.PARENTS.get(taxonomy_slug, {})
        made: dict[str, TaxonomyTerm] = {}
        # Terms above others first, so that each term's parent exists when it is saved.
        order = sorted(vocabulary, key=lambda code: code in parents)
        for code in order:
            made[code] = taxonomy_term_upsert(
                taxonomy_slug=taxonomy_slug,
                code=code,
                name=vocabulary[code],
                position=list(vocabulary).index(code),
                synonyms=offer.SYNONYMS.get(taxonomy_slug, {}).get(code, []),
                parent=made.get(parents.get(code, "")),
            )
    words_changed = _vocabulary_state() != before
    organizations = {
        entry["key"]: organization_upsert(
            slug=entry["key"],
            name=entry["name"],
            description=entry["description"],
            kind=entry["kind"],
            source=entry.get("source", ""),
        )
        for entry in offer.ORGANISATIONS
    }
    teams = {team.slug: team for team in Team.objects.all()}
    indexed_before = set(Service.objects.values_list("slug", flat=True)) if words_changed else set()
    for entry in offer.SERVICES:
        service = service_upsert(
            slug=entry["key"],
            organization=organizations[entry["organisation"]],
            name=entry["name"],
            description=entry["description"],
            level=entry["level"],
            minimum_age=entry.get("min_age"),
            maximum_age=entry.get("max_age"),
            eligibility=entry.get("eligibility", ""),
            residency=entry.get("residency", ""),
            next_step=entry["next_step"],
            capacity=entry.get("capacity", ""),
            phone=entry.get("phone", ""),
            quality=entry.get("quality", "not-assured"),
            status=entry.get("status", "active"),
            planned=entry.get("planned", False),
            online_route=entry.get("online_route", ""),
            source=entry.get("source", ""),
            terms={
                "needs": entry.get("needs", []),
                "access-routes": entry.get("access_routes", []),
                "funding": entry.get("funding", []),
                "when": entry.get("when", []),
                "ratios": entry.get("ratios", []),
                "help-types": entry.get("help_types", []),
                "areas": entry.get("areas", []),
            },
            costs=entry.get("costs", []),
        )
        # The teams that handle its route (loaded first by load_medway; left out where they are not).
        wanted_teams = [teams[slug] for slug in entry.get("teams", []) if slug in teams]
        if set(service.contact_teams.values_list("pk", flat=True)) != {team.pk for team in wanted_teams}:
            service.contact_teams.set(wanted_teams)
            audit_record(action=Action.CHANGE, obj=service, changed_fields=["contact_teams"])
        if entry["key"] in indexed_before:  # indexed with the words as they were
            service_reindex(service)
    return len(offer.SERVICES)


def _vocabulary_state() -> list[tuple[Any, ...]]:
    return sorted(
        TaxonomyTerm.objects.values_list("taxonomy__slug", "code", "name", "synonyms", "parent__code"),
        key=str,
    )


class ListingChangeRefused(Exception):
    """A change to a listing that cannot be made, with a message that says why."""


REVIEW_INTERVAL_DAYS = 365


def _apply(service: Service, changes: dict[str, Any]) -> list[str]:
    changed = [name for name, value in changes.items() if getattr(service, name) != value]
    for name in changed:
        setattr(service, name, changes[name])
    return changed


@transaction.atomic
def service_edit(
    *,
    service: Service,
    changes: dict[str, Any],
    checked: bool,
    actor: Any,
    terms: dict[str, list[str]] | None = None,
) -> Service:
    """An editor changes a listing. `checked` means they confirmed it with the provider today. `terms`, where
    given, replaces the listing's terms in those taxonomies (kind of help, needs, area...)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ListingChangeRefused(f"These parts of a listing cannot be changed here: {sorted(unknown)}")
    service = Service.objects.select_for_update().get(pk=service.pk)
    changed = _apply(service, changes)
    if checked:
        today = timezone.localdate()
        service.assured_date = today
        service.next_review_due = today + dt.timedelta(days=REVIEW_INTERVAL_DAYS)
    if changed or checked:
        service.full_clean()
        service.save()
    terms_changed = False
    if terms is not None:
        wanted: dict[str, list[str]] = {}
        for slug, code in service.terms.values_list("taxonomy__slug", "code"):
            if slug not in terms and slug != "level-of-need":  # taxonomies the editor was not offered
                wanted.setdefault(slug, []).append(code)
        terms_changed = _set_terms(service, {**wanted, **terms})
    if terms_changed:
        service.save()  # the listing's "last modified" moves on, for the API's modified_after
        if not changed:
            audit_record(action=Action.CHANGE, obj=service, changed_fields=["terms"])
    if changed or terms_changed:
        service_reindex(service)
    return service


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def listing_change_propose(*, service: Service, changes: dict[str, Any], actor: Any) -> ListingChange:
    """A provider proposes changes to its own listing; they wait for an editor."""
    if getattr(actor, "provider_id", None) != service.organization_id:
        raise ListingChangeRefused("You can only propose changes to your own organisation's listings.")
    differing = {name: value for name, value in changes.items() if getattr(service, name) != value}
    if not differing:
        raise ListingChangeRefused(
            "You have not changed anything. Change a part of the listing, then send it."
        )
    trial = Service.objects.get(pk=service.pk)
    _apply(trial, differing)
    trial.full_clean()
    return ListingChange.objects.create(
        service=service,
        proposed_by=actor,
        original={name: _jsonable(getattr(service, name)) for name in differing},
        proposed={name: _jsonable(value) for name, value in differing.items()},
    )


@transaction.atomic
def listing_change_decide(*, change: ListingChange, approve: bool, reason: str, actor: Any) -> ListingChange:
    """An editor approves (the listing changes, and counts as checked) or turns down a proposed change."""
    change = ListingChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ListingChangeRefused(
            f"This change has already been decided: {change.get_status_display().lower()}."
        )
    if not approve and not reason.strip():
        raise ListingChangeRefused("Say why the change is not approved, so the provider can put it right.")
    if approve:
        service = change.service
        current = {name: _jsonable(getattr(service, name)) for name in change.proposed}
        if current != change.original:
            raise ListingChangeRefused(
                "The listing has been changed since this was proposed. Turn this change down and ask the "
                "provider to propose it again."
            )
        values = {
            name: (dt.date.fromisoformat(value) if name == "hidden_from" and value else value)
            for name, value in change.proposed.items()
        }
        service_edit(service=service, changes=values, checked=True, actor=actor)
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.reason = reason.strip()
    change.save()
    return change


def listings_overdue(*, today: dt.date | None = None) -> Any:
    today = today or timezone.localdate()
    return Service.objects.filter(status__in=["active", "temporarily closed"]).filter(
        models.Q(next_review_due__lt=today) | models.Q(next_review_due__isnull=True)
    )


@transaction.atomic
def overdue_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind each provider's staff of their listings past review: one message to each address, recorded
    with the messaging app and sent by its task after commit, which retries."""
    reminders = 0
    by_organisation: dict[Any, list[str]] = {}
    for service in listings_overdue(today=today).select_related("organization"):
        by_organisation.setdefault(service.organization, []).append(service.name)
    for organisation, names in by_organisation.items():
        addresses = [u.email for u in organisation.staff.filter(is_active=True) if u.email]
        if not addresses:
            continue
        reminders += 1
        lines = "\n".join(f"- {name}" for name in names)
        for address in addresses:
            message_queue(
                to=address,
                subject="Please check your Local Offer listings",
                body=(
                    f"These listings for {organisation.name} in the Local Offer are due for their yearly "
                    f"check:\n\n{lines}\n\nSign in to the Local Offer, open each listing and either confirm it "
                    "is right or propose changes. Families rely on the listing being true."
                ),
                about=organisation,
                for_family=False,
            )
    return reminders


@transaction.atomic
def service_create(
    *, organization: Organization, level: str, fields: dict[str, Any], terms: dict[str, list[str]], actor: Any
) -> Service:
    """An editor adds a new listing; it counts as checked today."""
    slug = _unique_slug(fields.get("name", ""))
    service = service_upsert(slug=slug, organization=organization, terms=terms, level=level, **fields)
    return service_edit(service=service, changes={}, checked=True, actor=actor)


def _unique_slug(name: str) -> str:
    from django.utils.text import slugify

    base = slugify(name)[:90] or "listing"
    slug, number = base, 2
    while Service.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug
