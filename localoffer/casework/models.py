"""Casework with a child: case notes, assessments on the statutory clock, support plans whose every funded
line says how it meets the assessed need, reviews, panels, section 47 enquiries and child protection plans,
and the Children in Need episodes the census is built from. Drafts of what a worker is typing are kept here
on the server, so a session that times out loses nothing."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited
from localoffer.core.vocabulary import BreakdownRisk, CarerStrain, NeedLevel
from localoffer.core.working_days import add_working_days

ASSESSMENT_WORKING_DAYS = 45  # Working Together 2023; CIN rule 8670Q
ICPC_WORKING_DAYS = 15  # from the section 47 enquiry's start to the initial conference (8675Q)
NEARLY_DUE_WORKING_DAYS = 5  # "nearly due": due within this many working days


class Draft(models.Model):
    """What a person was typing on one form, kept as they type (each step, and on every change with
    JavaScript), until they save it for real or throw it away. Offered back at their next sign-in."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="casework_drafts"
    )
    key = models.CharField(
        max_length=120, help_text="Which form: like 'note:<child id>' or 'assessment:<id>'."
    )
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, help_text="Where to carry on.")
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="one_draft_per_form")]

    def __str__(self) -> str:
        return self.title


class NoteKind(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    MEETING = "meeting", "Meeting"
    MESSAGE = "message", "Email or letter"
    OTHER = "other", "Other"


@audited(child=lambda note: note.child_id)
class CaseNote(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    happened_on = models.DateField()
    who = models.TextField("Who was there", blank=True)
    summary = models.TextField("What happened")
    agreed = models.TextField("What was agreed", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["child", "happened_on"], name="casenote_child_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.happened_on}"

    @property
    def is_corrected(self) -> bool:
        return self.corrected_at is not None


NOTE_WORDING_FIELDS = ("kind", "happened_on", "who", "summary", "agreed")


@audited(child=lambda correction: correction.note.child_id)
class CaseNoteCorrection(models.Model):
    """A correction of a case note: the wording as it stood before it (kept, never overwritten unseen), who
    corrected it, when and why. The note's history is its first wording and each correction in turn."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="corrections")
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    corrected_at = models.DateTimeField()
    reason = models.TextField("Why it was corrected")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    happened_on = models.DateField()
    who = models.TextField(blank=True)
    summary = models.TextField()
    agreed = models.TextField(blank=True)

    class Meta:
        ordering = ["corrected_at"]
        indexes = [models.Index(fields=["note", "corrected_at"], name="casenote_correction_idx")]

    def __str__(self) -> str:
        return f"Correction of {self.note}"


class ReferralSource(models.TextChoices):
    """The CIN census referral sources (rule 8866)."""

    S1A = "1A", "Individual: family member, relative or carer"
    S1B = "1B", "Individual: acquaintance"
    S1C = "1C", "Individual: self"
    S1D = "1D", "Individual: other"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health: GP"
    S3B = "3B", "Health: health visitor"
    S3C = "3C", "Health: school nurse"
    S3D = "3D", "Health: other primary health services"
    S3E = "3E", "Health: A&E"
    S3F = "3F", "Health: other"
    S4 = "4", "Housing"
    S5A = "5A", "Local authority services: social care"
    S5B = "5B", "Local authority services: other internal"
    S5C = "5C", "Local authority services: external"
    S5D = "5D", "Early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency"
    S8 = "8", "Other"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class ClosureReason(models.TextChoices):
    """The CIN census reasons for closure (rule 8640)."""

    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to services of another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


@audited(child=lambda episode: episode.child_id)
class CINEpisode(models.Model):
    """A Children in Need episode (the census's CINdetails): from the referral to the case's closure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="cin_episodes")
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=ReferralSource.choices)
    primary_need = models.CharField(max_length=2, default="N2")
    referral_nfa = models.BooleanField(default=False)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-referral_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | ~models.Q(closure_reason=""),
                name="cin_episode_closed_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"Children in need episode from {self.referral_date}"


class AssessmentKind(models.TextChoices):
    CHILD_AND_FAMILY = "child_and_family", "Child and family assessment"
    CARER = "carer", "Carer's assessment"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_AUTHORISATION = "awaiting_authorisation", "Waiting for a manager to authorise"
    AUTHORISED = "authorised", "Authorised"


class AssessmentOutcome(models.TextChoices):
    CIN_PLAN = "cin_plan", "Child in need: a CIN plan"
    SUPPORT_PLAN = "support_plan", "Support through a support plan"
    EARLY_HELP = "early_help", "Early help instead (closes the case, RC9)"
    NO_FURTHER_ACTION = "no_further_action", "No further action (closes the case, RC8)"


class AssessmentFactor(models.TextChoices):
    """The factors identified at assessment, as the CIN census codes them (18A and 19A are retired: 8945Q, 8950Q)."""

    F1A = "1A", "Alcohol misuse: child"
    F1B = "1B", "Alcohol misuse: parent"
    F1C = "1C", "Alcohol misuse: another person"
    F2A = "2A", "Drug misuse: child"
    F2B = "2B", "Drug misuse: parent"
    F2C = "2C", "Drug misuse: another person"
    F3A = "3A", "Domestic abuse: child"
    F3B = "3B", "Domestic abuse: parent"
    F3C = "3C", "Domestic abuse: another person"
    F4A = "4A", "Mental health: child"
    F4B = "4B", "Mental health: parent"
    F4C = "4C", "Mental health: another person"
    F5A = "5A", "Learning disability: child"
    F5B = "5B", "Learning disability: parent"
    F5C = "5C", "Learning disability: another person"
    F6A = "6A", "Physical disability or illness: child"
    F6B = "6B", "Physical disability or illness: parent"
    F6C = "6C", "Physical disability or illness: another person"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered: overseas, intending to return"
    F8C = "8C", "Privately fostered: overseas, staying"
    F8D = "8D", "Privately fostered: UK, education"
    F8E = "8E", "Privately fostered: UK, parents' situation"
    F8F = "8F", "Privately fostered: other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Abuse or neglect: neglect"
    F17A = "17A", "Abuse or neglect: emotional abuse"
    F18B = "18B", "Sexual abuse by an adult"
    F18C = "18C", "Sexual abuse by a child (child on child)"
    F19B = "19B", "Physical abuse by an adult"
    F19C = "19C", "Physical abuse by a child (child on child)"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Child criminal exploitation"
    F24A = "24A", "Abuse linked to faith or belief"


# What the places priority weighs, asked on a child and family assessment's outcome step; what to say if it is
# not chosen.
ASSESSMENT_NEED_MESSAGES = {
    "need_level": "Select the child's level of need",
    "carer_strain": "Select how the family is managing with caring",
    "breakdown_risk": "Select the risk of the family breaking down",
}


@audited(child=lambda assessment: assessment.child_id)
class Assessment(models.Model):
    """A child and family assessment (the child's, the carer's and the family's needs, seed 000), or a carer's
    assessment in the carer's own right; due 45 working days from its start; authorised by a manager."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(
        max_length=20, choices=AssessmentKind.choices, default=AssessmentKind.CHILD_AND_FAMILY
    )
    carer_name = models.CharField(max_length=200, blank=True, help_text="A carer's assessment: whose.")
    episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    referral = models.ForeignKey(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=30, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS
    )
    started_on = models.DateField()
    due_on = models.DateField(editable=False)
    child_needs = models.TextField("The child's needs", blank=True)
    carer_needs = models.TextField("The carer's needs", blank=True)
    family_needs = models.TextField("The family's needs", blank=True)
    factors = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=30, choices=AssessmentOutcome.choices, blank=True)
    recommended_support = models.TextField(blank=True)
    # What the places priority weighs, recorded on the outcome step of a child and family assessment. Blank on
    # assessments recorded before these were asked: places then asks the worker (docs/decisions/0023).
    need_level = models.PositiveSmallIntegerField(choices=NeedLevel.choices, null=True, blank=True)
    carer_strain = models.CharField(max_length=20, choices=CarerStrain.choices, blank=True)
    breakdown_risk = models.CharField(max_length=20, choices=BreakdownRisk.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]
        indexes = [
            models.Index(fields=["worker", "status", "due_on"], name="assessment_worker_idx"),
            models.Index(fields=["team", "status", "due_on"], name="assessment_team_idx"),
            # The worker's and the team's lists: the open ones in due order, so that the ten most urgent of
            # a state are the first ten rows of one range (two statuses in the index above meant sorting
            # every open one: 8 to 15 ms at 200,000 children, under 0.2 ms with these).
            models.Index(
                fields=["worker", "due_on", "id"],
                name="assessment_worker_open_idx",
                condition=models.Q(
                    status__in=[AssessmentStatus.IN_PROGRESS, AssessmentStatus.AWAITING_AUTHORISATION]
                ),
            ),
            models.Index(
                fields=["team", "due_on", "id"],
                name="assessment_team_open_idx",
                condition=models.Q(
                    status__in=[AssessmentStatus.IN_PROGRESS, AssessmentStatus.AWAITING_AUTHORISATION]
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.started_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.due_on = add_working_days(self.started_on, ASSESSMENT_WORKING_DAYS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_open(self) -> bool:
        return self.status != AssessmentStatus.AUTHORISED

    def factor_labels(self) -> list[str]:
        labels = dict(AssessmentFactor.choices)
        return [f"{code}: {labels.get(code, code)}" for code in self.factors]


class PlanType(models.TextChoices):
    CIN = "cin", "Child in need plan"
    SUPPORT = "support", "Support plan"
    CARER = "carer", "Carer's support plan"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_PANEL = "awaiting_panel", "Waiting for panel"
    OPEN = "open", "Authorised"
    CLOSED = "closed", "Closed"


OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.AWAITING_PANEL, PlanStatus.OPEN)


@audited(child=lambda plan: plan.child_id)
class SupportPlan(models.Model):
    """A support plan (a CIN plan where the child is a child in need): outcomes, the support for each, and
    for every funded line the justification of how it meets the assessed need. One open plan of a type."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="support_plans")
    plan_type = models.CharField(max_length=20, choices=PlanType.choices)
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="plans"
    )
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_since_panel = models.BooleanField(
        default=False,
        editable=False,
        help_text="Its support changed after the panel approved it: the approval no longer covers it.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "plan_type"],
                condition=models.Q(status__in=["draft", "awaiting_panel", "open"]),
                name="one_open_plan_per_type",
            )
        ]
        # The team manager's list of plans to authorise (team, draft, oldest first) without reading every plan.
        indexes = [models.Index(fields=["team", "status", "created_at"], name="supportplan_team_idx")]

    def __str__(self) -> str:
        return f"{self.get_plan_type_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PLAN_STATUSES

    def yearly_cost_pence(self) -> int:
        return sum(line.yearly_cost_pence for line in self.lines.all())


class LegalBasis(models.TextChoices):
    """The legal basis of an overnight short break (DOMAIN: recorded for every overnight break)."""

    SECTION_17 = "s17", "Section 17 (a service to a child in need)"
    SECTION_20_REG_48 = "s20_reg48", "Section 20 with regulation 48 (a series of short breaks)"
    SECTION_20_FULL = "s20_full", "Full section 20 (looked after)"


@audited(child=lambda line: line.plan.child_id)
class SupportLine(models.Model):
    """One outcome and the support for it. A funded line must say how it meets the assessed need: a plan is
    not authorised without it. Care packages (issue 13) link their elements to these lines."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="lines")
    outcome = models.TextField("The outcome for the child")
    support = models.TextField("The support for it")
    funded = models.BooleanField(default=False)
    yearly_cost_pence = models.PositiveIntegerField(default=0)
    justification = models.TextField(
        "How it meets the assessed need", blank=True, help_text="Required for every funded line."
    )
    overnight = models.BooleanField("Overnight short breaks", default=False)
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    legal_basis_reason = models.TextField(blank=True)
    nights_per_year = models.PositiveSmallIntegerField(null=True, blank=True)
    needs_panel = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return "Support line"

    @property
    def missing(self) -> list[str]:
        """What stops the plan being authorised: the justification of a funded line; an overnight break's basis."""
        problems = []
        if self.funded and not self.justification.strip():
            problems.append("say how this funded support meets the assessed need")
        if self.overnight and not (self.legal_basis and self.legal_basis_reason.strip()):
            problems.append("record the legal basis of the overnight breaks and why")
        return problems

    def snapshot(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "outcome": self.outcome,
            "support": self.support,
            "funded": self.funded,
            "yearly_cost_pence": self.yearly_cost_pence,
            "justification": self.justification,
            "overnight": self.overnight,
            "legal_basis": self.legal_basis,
        }


class ReviewStatus(models.TextChoices):
    DUE = "due", "Due"
    HELD = "held", "Held"


@audited(child=lambda review: review.plan.child_id)
class Review(models.Model):
    """A review of a plan, on the schedule (schedule.py). It keeps the plan as it was before and after, so the
    next shows what changed side by side; it links to the review before it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="next_review"
    )
    number = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DUE)
    held_on = models.DateField(null=True, blank=True)
    views = models.TextField("What the child and family said", blank=True)
    summary = models.TextField("What the review found", blank=True)
    before = models.JSONField(default=list, blank=True)
    after = models.JSONField(default=list, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_review_number_per_plan")]
        indexes = [
            models.Index(fields=["status", "due_on"], name="review_due_idx"),
            # The reviews due, in the lists' order (due date, then id), for a page of the most urgent.
            models.Index(
                fields=["due_on", "id"],
                name="review_due_open_idx",
                condition=models.Q(status=ReviewStatus.DUE),
            ),
        ]

    def __str__(self) -> str:
        return f"Review {self.number}"


class Panel(models.Model):
    """A meeting that decides the cases put to it: its agenda is built from the cases waiting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, default="Resource panel")
    meets_on = models.DateField()
    team = models.ForeignKey("teams.Team", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meets_on"]

    def __str__(self) -> str:
        return f"{self.name}, {self.meets_on}"


@audited(child=lambda case: case.child_id)
class PanelCase(models.Model):
    """A case put to panel: a plan (or, for care packages, what they ask) waiting for a decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="panel_cases")
    plan = models.ForeignKey(
        SupportPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="panel_cases"
    )
    panel = models.ForeignKey(Panel, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    asking_for = models.TextField()
    put_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    put_on = models.DateField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["put_on"]

    def __str__(self) -> str:
        return "Case for panel"

    @property
    def decided(self) -> bool:
        return hasattr(self, "decision")


class PanelOutcome(models.TextChoices):
    APPROVED = "approved", "Approved"
    APPROVED_CHANGED = "approved_changed", "Approved with changes"
    DECLINED = "declined", "Not approved"
    DEFERRED = "deferred", "Deferred: more information needed"


@audited(child=lambda decision: decision.case.child_id)
class PanelDecision(models.Model):
    """The panel's decision on one case, with its reasons. What care packages reference when a package
    needs panel: it is authorised only after an approving decision."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(PanelCase, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=PanelOutcome.choices)
    reasons = models.TextField()
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.get_outcome_display()

    @property
    def approves(self) -> bool:
        return self.outcome in (PanelOutcome.APPROVED, PanelOutcome.APPROVED_CHANGED)


@audited(child=lambda enquiry: enquiry.child_id)
class Section47Enquiry(models.Model):
    """A section 47 enquiry (duty), its initial child protection conference target of 15 working days, and
    the conference's date when it is held (the conference itself is out of scope)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="section47_enquiries")
    episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="s47s"
    )
    started_on = models.DateField()
    icpc_target = models.DateField(editable=False)
    icpc_on = models.DateField("Initial child protection conference", null=True, blank=True)
    icpc_not_required = models.BooleanField(default=False)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.started_on}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.icpc_target = add_working_days(self.started_on, ICPC_WORKING_DAYS)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class AbuseCategory(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple"


@audited(child=lambda plan: plan.child_id)
class ChildProtectionPlan(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="cp_plans")
    episode = models.ForeignKey(
        CINEpisode, null=True, blank=True, on_delete=models.PROTECT, related_name="cp_plans"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    review_dates = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"Child protection plan from {self.starts_on}"
