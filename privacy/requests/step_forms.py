"""The forms of the officer's handling steps (`privacy.requests.steps`): what the officer types
for each right, and for rectification one field per correctable field of the person's records."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from privacy.requests import fulfil
from privacy.requests.records import CONFIRMED, REJECTED, request_records


class NoteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Merknad til personen (valgfritt, kommer med i brevet)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Begrunnelse"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Skriv begrunnelsen.")},
    )


class RestrictionForm(NoteForm):
    reason = forms.CharField(
        label=gettext_lazy("Grunnlag for begrensningen (art. 18 nr. 1)"),
        max_length=1000,
        error_messages={"required": gettext_lazy("Skriv grunnlaget for begrensningen.")},
    )


class ConfirmForm(forms.Form):
    pass


class ObjectionForm(forms.Form):
    direct_marketing = forms.BooleanField(
        label=gettext_lazy("Protesten gjelder direkte markedsføring (nyheter på e-post)"),
        required=False,
        help_text=gettext_lazy(
            "Da er protesten ubetinget (art. 21 nr. 3): nyhetssamtykket trekkes tilbake."
        ),
    )
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Avgjørelse for annen protest (art. 21 nr. 1)"),
        choices=[
            ("yes", gettext_lazy("Tas til følge")),
            ("no", gettext_lazy("Avslås: tvingende berettigede grunner går foran")),
        ],
        coerce=lambda value: value == "yes",
        required=False,
    )
    grounds = forms.CharField(
        label=gettext_lazy("Vurdering og begrunnelse (for annen protest)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("direct_marketing") and not data.get("grounds", "").strip():
            self.add_error("grounds", gettext_lazy("Skriv vurderingen og begrunnelsen."))
        return data


class RectificationForm(NoteForm):
    """One field per correctable field of each of the person's verified records, filled in
    with what is stored now; what the officer changes is corrected."""

    def __init__(self, data=None, *, request=None):
        super().__init__(data)
        self.rows = fulfil.rectifiable_rows(request)
        for declared, row in self.rows:
            for name in declared.fields:
                model_field = row._meta.get_field(name)
                self.fields[self.key(row, name)] = forms.CharField(
                    label=f"{row} – {model_field.verbose_name}",
                    initial=getattr(row, name),
                    required=False,
                    max_length=model_field.max_length or 3000,
                    widget=forms.Textarea(attrs={"rows": 3})
                    if model_field.get_internal_type() == "TextField"
                    else forms.TextInput,
                )

    @staticmethod
    def key(row, name: str) -> str:
        return f"{row._meta.label_lower.replace('.', '-')}-{row.pk}-{name}"

    def changes(self) -> dict[tuple[str, str], dict[str, str]]:
        result: dict[tuple[str, str], dict[str, str]] = {}
        for declared, row in self.rows:
            for name in declared.fields:
                value = self.cleaned_data.get(self.key(row, name), "")
                if value != getattr(row, name):
                    result.setdefault((row._meta.label, str(row.pk)), {})[name] = value
        return result


class PhoneMatchForm(forms.Form):
    """One choice per record found only through the phone number: the person's, someone
    else's, or not decided yet. What belongs to a record (a lead's deliveries, notes and
    history) follows the decision on it."""

    def __init__(self, data=None, *, request=None):
        super().__init__(data)
        self.matches = request_records(request).phone_matches
        for match in self.matches:
            self.fields[self.key(match)] = forms.ChoiceField(
                label=f"{match.verbose_name.capitalize()}: {match.row}",
                help_text=self._describe(match),
                choices=[
                    ("", gettext_lazy("Ikke vurdert ennå")),
                    (CONFIRMED, gettext_lazy("Gjelder personen: tas med")),
                    (REJECTED, gettext_lazy("Gjelder noen andre: holdes utenfor")),
                ],
                initial=match.decision,
                required=False,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def key(match) -> str:
        return "match-" + match.key.lower().replace(".", "-").replace(":", "-")

    @staticmethod
    def _describe(match) -> str:
        """What lets the officer judge: the record's own address and number, and what
        belongs to it."""
        find = match.declaration.find
        parts = [
            f"{match.row._meta.get_field(name).verbose_name}: {getattr(match.row, name) or '–'}"
            for name in (find.email, find.phone)
            if name
        ]
        counts: dict[str, int] = {}
        for declaration, _row in match.belonging:
            name = str(declaration.model._meta.verbose_name_plural)
            counts[name] = counts.get(name, 0) + 1
        if counts:
            parts.append(
                gettext_lazy("Hører til: %(rows)s")
                % {"rows": ", ".join(f"{n} {name}" for name, n in counts.items())}
            )
        return "; ".join(str(part) for part in parts)

    def decisions(self) -> dict[str, str]:
        return {match.key: self.cleaned_data.get(self.key(match), "") for match in self.matches}
