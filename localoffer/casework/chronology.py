"""Casework's entries in the child's chronology (people/chronology.py), for the practitioners working with
the child and for staff who opened the record with a reason. Each source reads casework's one read of the
record (record.casework_read), which the section shares, and in which who may see the entries is decided
once."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from localoffer.casework.record import casework_read
from localoffer.people.chronology import ChronologyEntry, ChronologySource, chronology_register
from localoffer.people.record import RecordRead


def _name(user: Any) -> str:
    return user.get_full_name() if user else ""


def note_entries(record: RecordRead) -> list[ChronologyEntry]:
    work = casework_read(record)
    if not work.may_see_entries:
        return []
    return [
        ChronologyEntry(
            on=note.happened_on,
            kind="note",
            title=(
                f"{note.get_kind_display()} (corrected by {_name(note.corrected_by)} on {timezone.localtime(note.corrected_at):%-d %B %Y})"
                if note.corrected_at
                else note.get_kind_display()
            ),
            detail=note.summary + (f" Agreed: {note.agreed}" if note.agreed else ""),
            url=reverse("casework:note", kwargs={"note_id": note.id}),
            by=_name(note.author),
        )
        for note in work.notes
    ]


def assessment_entries(record: RecordRead) -> list[ChronologyEntry]:
    work = casework_read(record)
    if not work.may_see_entries:
        return []
    entries = []
    for a in work.assessments:
        url = reverse("casework:assessment", kwargs={"assessment_id": a.id})
        entries.append(
            ChronologyEntry(
                on=a.started_on,
                kind="assessment",
                title=f"{a.get_kind_display()} started",
                url=url,
                by=_name(a.worker),
            )
        )
        if a.authorised_on:
            entries.append(
                ChronologyEntry(
                    on=a.authorised_on,
                    kind="assessment",
                    title=f"{a.get_kind_display()} authorised: {a.get_outcome_display()}",
                    url=url,
                    by=_name(a.authorised_by),
                )
            )
    return entries


def plan_entries(record: RecordRead) -> list[ChronologyEntry]:
    work = casework_read(record)
    if not work.may_see_entries:
        return []
    entries = []
    for plan in work.plans:
        url = reverse("casework:plan", kwargs={"plan_id": plan.id})
        if plan.authorised_on:
            entries.append(
                ChronologyEntry(
                    on=plan.authorised_on,
                    kind="plan",
                    title=f"{plan.get_plan_type_display()} authorised",
                    url=url,
                )
            )
        if plan.ends_on:
            entries.append(
                ChronologyEntry(
                    on=plan.ends_on, kind="plan", title=f"{plan.get_plan_type_display()} closed", url=url
                )
            )
        for review in plan.reviews.all():
            if review.held_on:
                entries.append(
                    ChronologyEntry(
                        on=review.held_on,
                        kind="plan",
                        title=f"Review {review.number} of the {plan.get_plan_type_display().lower()}",
                        detail=review.summary,
                        url=reverse("casework:review", kwargs={"review_id": review.id}),
                    )
                )
    return entries


def panel_entries(record: RecordRead) -> list[ChronologyEntry]:
    work = casework_read(record)
    if not work.may_see_entries:
        return []
    entries = []
    for case in work.panel_cases:
        entries.append(
            ChronologyEntry(on=case.put_on, kind="panel", title="Put to panel", detail=case.asking_for)
        )
        if case.decided:
            entries.append(
                ChronologyEntry(
                    on=case.decision.decided_on,
                    kind="panel",
                    title=f"Panel decision: {case.decision.get_outcome_display()}",
                    detail=case.decision.reasons,
                )
            )
    return entries


def safeguarding_entries(record: RecordRead) -> list[ChronologyEntry]:
    work = casework_read(record)
    if not work.may_see_entries:
        return []
    entries = []
    for enquiry in work.enquiries:
        url = reverse("casework:section47", kwargs={"enquiry_id": enquiry.id})
        entries.append(
            ChronologyEntry(
                on=enquiry.started_on, kind="safeguarding", title="Section 47 enquiry started", url=url
            )
        )
        if enquiry.icpc_on:
            entries.append(
                ChronologyEntry(
                    on=enquiry.icpc_on,
                    kind="safeguarding",
                    title="Initial child protection conference",
                    url=url,
                )
            )
    for cp in work.cp_plans:
        entries.append(
            ChronologyEntry(
                on=cp.starts_on,
                kind="safeguarding",
                title=f"Child protection plan started: {cp.get_initial_category_display()}",
            )
        )
        if cp.ends_on:
            entries.append(
                ChronologyEntry(on=cp.ends_on, kind="safeguarding", title="Child protection plan ended")
            )
    return entries


def register_chronology() -> None:
    chronology_register(ChronologySource(key="note", label="Case notes", entries=note_entries, order=10))
    chronology_register(
        ChronologySource(key="assessment", label="Assessments", entries=assessment_entries, order=20)
    )
    chronology_register(
        ChronologySource(key="plan", label="Plans and reviews", entries=plan_entries, order=30)
    )
    chronology_register(ChronologySource(key="panel", label="Panels", entries=panel_entries, order=40))
    chronology_register(
        ChronologySource(key="safeguarding", label="Safeguarding", entries=safeguarding_entries, order=50)
    )
