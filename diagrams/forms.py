"""Forms for submitting a scenario, editing and refining a diagram, and comparing versions.

The limits and checks themselves live in the services; the forms carry the fields, show the
limits to the user and hold the errors the services raise. No field has a maxlength: the
browser would cut a long paste without a word, where the page says it is over the limit and
the server refuses it with its message, keeping the text.
"""

from django import forms
from django.conf import settings

from diagrams.models import AUTO, REQUESTED_TYPE_CHOICES
from diagrams.services import REFINE_MAX_CHARS


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
        self.fields["text"].widget.attrs["data-max-chars"] = limit
        self.fields["text"].help_text = f"Up to {limit:,} characters."
        # The field must accept the characters the service reports on (NUL is refused here).
        self.fields["text"].required = False


class CodeForm(forms.Form):
    code = forms.CharField(
        label="PlantUML code",
        strip=False,
        widget=forms.Textarea(
            attrs={"rows": 16, "spellcheck": "false", "class": "code", "wrap": "off"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.PLANTWEB_CODE_MAX_CHARS
        self.fields["code"].widget.attrs["data-max-chars"] = limit
        self.fields["code"].help_text = f"Up to {limit:,} characters."
        self.fields["code"].required = False


class RefineForm(forms.Form):
    request = forms.CharField(
        label="Describe a change",
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 3,
                "placeholder": "Add a payment service between order and warehouse…",
                "data-char-counter": "",
            }
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit = REFINE_MAX_CHARS
        self.fields["request"].widget.attrs["data-max-chars"] = limit
        self.fields["request"].help_text = (
            f"Up to {limit:,} characters. The model draws the diagram again from the scenario "
            "and this change."
        )
        self.fields["request"].required = False


class VersionDiffForm(forms.Form):
    """Two of a diagram's versions to compare, picked by number."""

    old = forms.TypedChoiceField(label="From version", coerce=int)
    new = forms.TypedChoiceField(label="To version", coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, f"Version {n}") for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        if len(numbers) >= 2:
            self.fields["old"].initial, self.fields["new"].initial = numbers[1], numbers[0]
