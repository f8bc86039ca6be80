"""The public contact form: what a prospective member sends, cleaned before it is stored.

Every text is NFC-normalised and stripped of control characters; only the message keeps its
line breaks. Name and company can reach an email header (the subsidiary's copy names them), so
they lose every line break too.
"""

import re

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from intake.misuse import issue_form_token
from intake.models import County, Subsidiary
from mestergruppen.email import deliverable_address
from mestergruppen.forms import PlainTextField
from privacy.registry import InvalidPhoneNumber, normalise_email, normalise_phone

# The choice that routes to the central inbox instead of a subsidiary.
NOT_SURE = "usikker"

# Brønnøysundregistrene's check digit: weights over the first eight digits, modulus 11.
ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
# How companies write their number on invoices and letterheads: «NO 923 609 016 MVA» (the VAT
# register's form), «923.609.016», «923-609-016». The letters and separators carry nothing.
_ORG_NUMBER_DECORATION = re.compile(r"^\s*(?:NO)?|(?:MVA)?\s*$|[\s.\-\u00a0]", re.IGNORECASE)


def org_number_digits(value: str) -> str:
    """The number as typed, without the VAT register's «NO … MVA» and the separators."""
    return _ORG_NUMBER_DECORATION.sub("", value)


def is_valid_org_number(digits: str) -> bool:
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit():
        return False
    remainder = sum(int(d) * w for d, w in zip(digits, ORG_NUMBER_WEIGHTS, strict=False)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    return check != 10 and check == int(digits[8])


def county_choices() -> list[tuple[str, str]]:
    # A callable, so each form shares the list instead of copying it (Django deep-copies a
    # form's fields for every form made, and a list of choices with them).
    return [("", _("Velg fylke")), *County.choices]


class ContactForm(forms.Form):
    """The contact form. `statement` is the privacy-statement version shown (or None while no
    version is published); `subsidiaries` the subsidiaries offered in the form."""

    contact_name = PlainTextField(
        label=_("Navn"),
        max_length=120,
        error_messages={
            "required": _("Skriv inn navnet ditt."),
            "max_length": _("Navnet kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PlainTextField(
        label=_("Telefon"),
        max_length=30,
        help_text=_("For eksempel 912 34 567. Nummer fra andre land skriver du med +landkode."),
        error_messages={
            "required": _("Skriv inn telefonnummeret ditt."),
            "max_length": _(
                "Telefonnummeret kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-post"),
        max_length=254,
        error_messages={
            "required": _("Skriv inn e-postadressen din."),
            "invalid": _("Skriv inn en gyldig e-postadresse, for eksempel navn@firma.no."),
            "max_length": _(
                "E-postadressen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."
            ),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    company_name = PlainTextField(
        label=_("Bedrift"),
        max_length=150,
        error_messages={
            "required": _("Skriv inn navnet på bedriften."),
            "max_length": _(
                "Bedriftsnavnet kan ha høyst %(limit_value)d tegn (det har %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    org_number = PlainTextField(
        label=_("Organisasjonsnummer (valgfritt)"),
        required=False,
        max_length=20,
        help_text=_("9 sifre, for eksempel 928 050 475."),
        error_messages={
            "max_length": _("Organisasjonsnummeret har 9 sifre."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    county = forms.ChoiceField(
        label=_("Fylke"),
        choices=county_choices,
        help_text=_("Fylket der bedriften holder til."),
        error_messages={
            "required": _("Velg fylket der bedriften holder til."),
            "invalid_choice": _("Velg et fylke fra listen."),
        },
    )
    subsidiary = forms.ChoiceField(
        label=_("Hvilken kjede er du interessert i?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Velg en kjede, eller «Usikker / annet»."),
            "invalid_choice": _("Velg en kjede fra listen, eller «Usikker / annet»."),
        },
    )
    message = PlainTextField(
        label=_("Melding (valgfritt)"),
        required=False,
        multiline=True,
        max_length=3000,
        help_text=_("Fortell gjerne kort om bedriften og hva dere ønsker."),
        error_messages={
            "max_length": _(
                "Meldingen kan ha høyst %(limit_value)d tegn (den har %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    privacy_acknowledged = forms.BooleanField(
        label=_("Jeg har lest personvernerklæringen"),
        # The template renders this hint with a link to the exact version shown.
        help_text=_("Les personvernerklæringen før du sender skjemaet."),
        error_messages={
            "required": _("Bekreft at du har lest personvernerklæringen."),
        },
    )
    wants_news = forms.BooleanField(
        label=_("Ja takk, send meg nyheter fra Mestergruppen på e-post (valgfritt)"),
        required=False,
        help_text=_("Du kan når som helst melde deg av."),
    )
    statement_version = forms.CharField(required=False, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    # The honeypot: hidden from people (CSS and aria-hidden), so only bots fill it in.
    website = forms.CharField(
        label=_("Nettsted (la stå tomt)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, subsidiaries=None, statement=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        offered = list(
            subsidiaries if subsidiaries is not None else Subsidiary.objects.offered_in_form()
        )
        self.subsidiaries = {str(subsidiary.pk): subsidiary for subsidiary in offered}
        self.fields["subsidiary"].choices = [
            (pk, subsidiary.name) for pk, subsidiary in self.subsidiaries.items()
        ] + [(NOT_SURE, _("Usikker / annet"))]
        if not self.is_bound:
            self.initial.setdefault("form_token", issue_form_token())
            if statement is not None:
                self.initial.setdefault("statement_version", str(statement.pk))

    # --- field rules ----------------------------------------------------------------------

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"]
        message = _(
            "Skriv inn et gyldig telefonnummer, for eksempel 912 34 567 eller +47 912 34 567."
        )
        try:
            return normalise_phone(value, region="NO")
        except InvalidPhoneNumber:
            raise forms.ValidationError(message, code="invalid") from None

    def clean_email(self) -> str:
        value = normalise_email(self.cleaned_data["email"])
        if not deliverable_address(value):
            # Caught here, while the person can still correct it, rather than as a receipt
            # the outbox refuses and an alert to the central inbox.
            raise forms.ValidationError(self.fields["email"].error_messages["invalid"])
        return value

    def clean_org_number(self) -> str:
        value = self.cleaned_data["org_number"]
        if not value:
            return ""
        digits = org_number_digits(value)
        if not (digits.isascii() and digits.isdigit()) or len(digits) != 9:
            raise forms.ValidationError(
                _("Organisasjonsnummeret har 9 sifre, for eksempel 928 050 475."),
                code="length",
            )
        if not is_valid_org_number(digits):
            raise forms.ValidationError(
                _("Organisasjonsnummeret er ikke gyldig. Sjekk at sifrene er riktige."),
                code="checksum",
            )
        return digits

    def clean_subsidiary(self) -> Subsidiary | None:
        value = self.cleaned_data["subsidiary"]
        return None if value == NOT_SURE else self.subsidiaries[value]

    def clean_statement_version(self):
        """The version the person was shown; a stale or forged id is not accepted, so the
        lead always points at a published version the person could actually read."""
        if self.statement is None:
            return None
        if self.cleaned_data["statement_version"] != str(self.statement.pk):
            # Shown again with the version in force, and not yet acknowledged.
            self.data = self.data.copy()
            self.data["statement_version"] = str(self.statement.pk)
            self.data.pop("privacy_acknowledged", None)
            self.add_error(
                "privacy_acknowledged",
                forms.ValidationError(
                    _(
                        "Personvernerklæringen er oppdatert siden du åpnet skjemaet. "
                        "Les den nye versjonen og bekreft på nytt."
                    ),
                    code="stale_statement",
                ),
            )
            return None
        return self.statement

    # --- for the template -----------------------------------------------------------------

    def subsidiary_options(self) -> list[dict]:
        """The radio list: each offered subsidiary with its description, then "not sure"."""
        bound = self["subsidiary"]
        chosen = str(bound.value() or "")
        # Staff write the descriptions in Norwegian: on an English page a screen reader must
        # read them with Norwegian pronunciation.
        written_in = settings.LANGUAGE_CODE if get_language() != settings.LANGUAGE_CODE else ""
        options = [
            {
                "value": pk,
                "label": subsidiary.name,
                "description": subsidiary.description,
                "description_lang": written_in,
                "checked": chosen == pk,
            }
            for pk, subsidiary in self.subsidiaries.items()
        ]
        options.append(
            {
                "value": NOT_SURE,
                "label": _("Usikker / annet"),
                "description": _("Vi sender henvendelsen til Mestergruppen sentralt."),
                "checked": chosen == NOT_SURE,
            }
        )
        for index, option in enumerate(options):
            option["id"] = f"{bound.auto_id}_{index}"
        return options

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor id, message) for each error, in the order of the fields on the page."""
        items = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                anchor = self[name].auto_id
                if name == "subsidiary":
                    anchor = f"{anchor}_0"
                items.append((anchor, message))
        items.extend(("", message) for message in self.non_field_errors())
        return items

    @property
    def proof_of_work(self) -> bool:
        """Whether the page asks the browser to solve a proof-of-work challenge
        (intake/proof_of_work.py)."""
        return settings.INTAKE_PROOF_OF_WORK

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.cleaned_data.get("website"))
