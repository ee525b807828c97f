from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError

from accounts import login_limits

LOCKED_OUT = (
    "Too many failed log-ins for this account or from your address; wait a few minutes and "
    "try again."
)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, e.g. “build server”. You see the key once, right after this.",
    )


class SignupForm(UserCreationForm):
    email = forms.EmailField(
        required=False,
        help_text="Optional; needed only to reset a forgotten password.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")


class _LoginLimits:
    """Refuses accounts and addresses with too many recent failures, before the password check."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if login_limits.login_refused(request=self.request, username=username):
            raise ValidationError(LOCKED_OUT, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            login_limits.login_failed(request=self.request, username=username)
            raise
        login_limits.login_succeeded(username=username)
        return cleaned


class ThrottledAuthenticationForm(_LoginLimits, AuthenticationForm):
    """Django's log-in form with the log-in limits."""


class ThrottledAdminAuthenticationForm(_LoginLimits, AdminAuthenticationForm):
    """The admin's log-in form, with the same limits and counts as the site's."""
