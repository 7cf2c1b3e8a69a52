from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "The user name or password is not right. Check them and try again.",
        "inactive": "This account has been closed. Ask your manager or the service desk to reopen it.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "User name"
        self.fields["username"].error_messages["required"] = "Enter your user name"
        self.fields["password"].label = "Password"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "spellcheck": "false"})


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
