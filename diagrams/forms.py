"""Forms for submitting a scenario and editing a diagram's code.

The limits and checks themselves live in the services; the forms carry the fields, show the
limits to the user and hold the errors the services raise.
"""

from django import forms
from django.conf import settings

from diagrams.models import AUTO, REQUESTED_TYPE_CHOICES


class ScenarioForm(forms.Form):
    text = forms.CharField(
        label="Scenario",
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "Describe the system, its parts and how they interact…",
                "data-char-counter": "",
            }
        ),
    )
    requested_type = forms.ChoiceField(
        label="Diagram type", choices=REQUESTED_TYPE_CHOICES, initial=AUTO
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.PLANTWEB_SCENARIO_MAX_CHARS
        self.fields["text"].widget.attrs["maxlength"] = limit
        self.fields["text"].help_text = f"Up to {limit:,} characters."
        # The field must accept the characters the service reports on (NUL is refused here).
        self.fields["text"].required = False


class CodeForm(forms.Form):
    code = forms.CharField(
        label="PlantUML code",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "false", "class": "code"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.PLANTWEB_CODE_MAX_CHARS
        self.fields["code"].widget.attrs["maxlength"] = limit
        self.fields["code"].help_text = f"Up to {limit:,} characters."
        self.fields["code"].required = False
