from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.password_validation import validate_password
from django.template.loader import render_to_string

from localoffer.accounts.models import User
from localoffer.accounts.services import password_reset_email_queue
from localoffer.core.roles import Role


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The user name or password is not right. Check them and try again.",
        "inactive": "This account has been closed. Contact us to reopen it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name or email address"
        self.fields["username"].help_text = "Families who created their own account: your email address"
        self.fields["username"].error_messages["required"] = "Enter your user name or email address"
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})

    def clean_username(self) -> str:
        # A family's user name is their email address, kept in lower case; an address is typed any way.
        username = str(self.cleaned_data["username"]).strip()
        return username.lower() if "@" in username else username


class OneTimeCodeForm(forms.Form):
    code = forms.RegexField(
        label="Code from your authenticator app",
        regex=r"^\s*\d{6}\s*$",
        help_text="The 6-digit code, for example 123456",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "Enter the code as 6 digits, for example 123456",
        },
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def code_value(self) -> str:
        return self.cleaned_data["code"].strip()


def _min_length() -> int:
    validators: list[Any] = list(settings.AUTH_PASSWORD_VALIDATORS)
    for validator in validators:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return int(validator.get("OPTIONS", {}).get("min_length", 8))
    return 8


_PASSWORD_HINT = (
    f"Use at least {_min_length()} characters, for example three or four random words. Do not use a common "
    "password, only numbers, or your name or email address."
)


class AccountRequestForm(forms.Form):
    """Who a family's new account is for, and the email address it is made with."""

    role = forms.ChoiceField(
        label="Who is the account for?",
        choices=[
            (Role.PARENT_CARER.value, "I am a parent or carer"),
            (Role.YOUNG_PERSON.value, "I am a young person with SEND, aged 16 to 25"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are a parent or carer, or a young person"},
    )
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={
            "required": "Enter your first name",
            "max_length": "First name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "spellcheck": "false"}),
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={
            "required": "Enter your last name",
            "max_length": "Last name must be 150 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "family-name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        max_length=150,
        help_text="We will email you a link to finish creating your account. You will sign in with this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Email address must be 150 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class ChoosePasswordForm(forms.Form):
    """The password for a new account, checked by the same rules as every other password."""

    password1 = forms.CharField(
        label="Create a password",
        strip=False,
        help_text=_PASSWORD_HINT,
        error_messages={"required": "Enter a password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Confirm your password",
        strip=False,
        error_messages={"required": "Enter the password again"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, person: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        validate_password(password, self.person)
        return password

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("password1")
            and "password2" in cleaned
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", "The passwords do not match. Enter the same password twice.")
        return cleaned


class ResetRequestForm(PasswordResetForm):
    """Django's password reset, with its email sent by the messaging app. It never says whether an address
    has an account: the next page is the same either way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address your account uses"
        email.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Email address must be 254 characters or fewer",
            }
        )
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        context = {
            **context,
            "council_name": settings.COUNCIL_NAME,
            "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
        }
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        password_reset_email_queue(
            to=to_email, subject=subject, body=render_to_string(email_template_name, context)
        )


class NewPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link, in the service's words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = _PASSWORD_HINT
        first.error_messages["required"] = "Enter a new password"
        second.label = "Confirm your new password"
        second.help_text = ""
        second.error_messages["required"] = "Enter the new password again"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match. Enter the same password twice.",
        }
