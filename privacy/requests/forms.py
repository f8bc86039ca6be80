"""The public request form of `/personvern/dine-rettigheter/`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mestergruppen.email import deliverable_address
from mestergruppen.forms import PlainTextField
from mestergruppen.misuse import issue_form_token
from privacy.models import RequestRight
from privacy.normalisation import InvalidPhoneNumber, normalise_email, normalise_phone

FORM_TOKEN_SALT = "privacy.request-form.token"  # noqa: S105 (a namespace, not a secret)


class RightsRequestForm(forms.Form):
    rights = forms.MultipleChoiceField(
        label=_("Hva vil du be om?"),
        choices=RequestRight.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Velg minst én rettighet."),
            "invalid_choice": _("Velg rettigheter fra listen."),
        },
    )
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        help_text=_(
            "Adressen du brukte hos oss. Vi sender en lenke dit som du må åpne for å bekrefte."
        ),
        error_messages={
            "required": _("Skriv inn e-postadressen din."),
            "invalid": _("Skriv inn en gyldig e-postadresse, for eksempel navn@firma.no."),
            "max_length": _(
                "E-postadressen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = PlainTextField(
        label=_("Telefon (valgfritt)"),
        required=False,
        max_length=30,
        help_text=_("Hvis du har oppgitt et telefonnummer til oss, for eksempel 912 34 567."),
        error_messages={
            "max_length": _(
                "Telefonnummeret kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    details = PlainTextField(
        label=_("Utdyp gjerne (valgfritt)"),
        required=False,
        multiline=True,
        max_length=3000,
        help_text=_("For eksempel hva som skal rettes, eller hva du protesterer mot."),
        error_messages={
            "max_length": _("Teksten kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
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
            # The link must be able to reach the address; say so while it can be corrected.
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        return value

    def clean_phone(self) -> str:
        try:
            return normalise_phone(self.cleaned_data["phone"], region="NO")
        except InvalidPhoneNumber:
            raise forms.ValidationError(
                _(
                    "Skriv inn et gyldig telefonnummer, for eksempel 912 34 567 eller "
                    "+47 912 34 567."
                ),
                code="invalid",
            ) from None

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for each error, in the order of the fields on the page."""
        items = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                anchor = self[name].auto_id
                if name == "rights":
                    anchor = f"{anchor}_0"
                items.append((anchor, message))
        return items
