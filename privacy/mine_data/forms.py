"""The forms of «Mine data»: the address to send the link to, and what a request is about."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mestergruppen.email import deliverable_address
from mestergruppen.forms import PlainTextField
from mestergruppen.misuse import issue_form_token
from privacy.models import RequestRight
from privacy.normalisation import normalise_email

FORM_TOKEN_SALT = "privacy.mine-data-form.token"  # noqa: S105 (a namespace, not a secret)


class LinkForm(forms.Form):
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_("Adressen du brukte da du kontaktet oss. Vi sender lenken dit."),
        error_messages={
            "required": _("Skriv inn e-postadressen din."),
            "invalid": _("Skriv inn en gyldig e-postadresse, for eksempel navn@firma.no."),
            "max_length": _(
                "E-postadressen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    form_token = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), so only bots fill it in.
    website = forms.CharField(
        label=_("Nettsted (la stå tomt)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("form_token", issue_form_token(salt=FORM_TOKEN_SALT))

    def clean_email(self) -> str:
        value = normalise_email(self.cleaned_data["email"])
        if not deliverable_address(value):
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        return value

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def error_summary(self) -> list[tuple[str, str]]:
        return [
            (self[name].auto_id, message)
            for name in self.fields
            for message in self.errors.get(name, [])
        ]


# The address part of each request page, and what the person is asked to write.
ASKABLE = {
    "retting": (
        RequestRight.RECTIFICATION,
        _("Hva er feil, og hva skal det stå i stedet?"),
        True,
    ),
    "begrensning": (
        RequestRight.RESTRICTION,
        _("Hvorfor vil du at vi begrenser behandlingen? (valgfritt)"),
        False,
    ),
    "protest": (
        RequestRight.OBJECTION,
        _("Hva protesterer du mot, og hvorfor? (valgfritt)"),
        False,
    ),
}


class AskForm(forms.Form):
    details = PlainTextField(
        required=False,
        multiline=True,
        max_length=3000,
        error_messages={
            "max_length": _("Teksten kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, label, required: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["details"]
        field.label = label
        field.required = required
        field.error_messages["required"] = _("Skriv hva som skal rettes.")

    def error_summary(self) -> list[tuple[str, str]]:
        return [(self["details"].auto_id, message) for message in self.errors.get("details", [])]
