from __future__ import annotations

from typing import Any

from django import forms

from localoffer.feedback.models import TEXT_LIMIT, Comment, CommentTopic, ReportKind, ReportStatus
from localoffer.feedback.services import next_statuses

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
NO_PERSONAL_DETAILS = "Do not include personal details, such as a child's name, health or address."


def _contact_fields() -> tuple[forms.CharField, forms.EmailField]:
    name = forms.CharField(
        label="Your name (optional)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
        error_messages={"max_length": "Your name must be 100 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        help_text="Only if you would like a reply. We will not publish it or use it for anything else.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": EMAIL_FORMAT,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    return name, email


class ListingReportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What is wrong with this listing?",
        choices=ReportKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what is wrong with the listing",
            "invalid_choice": "Select what is wrong with the listing",
        },
    )
    description = forms.CharField(
        label="Tell us more",
        max_length=TEXT_LIMIT,
        help_text="For example, the right phone number, or when the service closed. "
        f"You can enter up to 2,000 characters. {NO_PERSONAL_DETAILS}",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Tell us what is wrong with the listing",
            "max_length": "What you tell us must be 2,000 characters or fewer",
        },
    )
    contact_name, contact_email = _contact_fields()


class CommentForm(forms.Form):
    topic = forms.ChoiceField(
        label="What is your comment about?",
        choices=CommentTopic.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what your comment is about",
            "invalid_choice": "Select what your comment is about",
        },
    )
    text = forms.CharField(
        label="Your comment",
        max_length=TEXT_LIMIT,
        help_text=f"You can enter up to 2,000 characters. {NO_PERSONAL_DETAILS}",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter your comment",
            "max_length": "Your comment must be 2,000 characters or fewer",
        },
    )
    contact_name, contact_email = _contact_fields()
    consent_to_publish = forms.BooleanField(
        label="Yes, you can publish my comment without my name",
        required=False,
        help_text="We publish comments, and what we did about them, on the “You said, we did” page. "
        "We never publish names or email addresses.",
    )


class ReportStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Change the status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the report's new status",
            "invalid_choice": "Select one of the statuses listed",
        },
    )

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(status, ReportStatus(status).label) for status in next_statuses(current)]


class CommentResponseForm(forms.Form):
    response = forms.CharField(
        label="The council's response",
        max_length=TEXT_LIMIT,
        help_text="Say what the council did, or will do, about the comment. You can enter up to 2,000 "
        "characters. If it is published, everyone can read it.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter the council's response",
            "max_length": "The response must be 2,000 characters or fewer",
        },
    )
    publish = forms.BooleanField(
        label="Publish the comment and this response on “You said, we did”",
        required=False,
        help_text="Check the comment says nothing that could identify anyone before you publish it.",
    )

    def __init__(self, *args: Any, comment: Comment, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"response": comment.response})
        super().__init__(*args, **kwargs)
        # Offered only when the person agreed, and until it is published (publishing is not undone here).
        if not comment.consent_to_publish or comment.published:
            del self.fields["publish"]
