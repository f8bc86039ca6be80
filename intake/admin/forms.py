"""Forms of the lead page and of the actions that ask something first."""

from django import forms
from django.utils.translation import gettext_lazy as _

from intake.models import Lead, LeadStatus, Subsidiary
from intake.roles import assignable_users


def person_name(user) -> str:
    """How staff are named everywhere in the triage: full name, else the user name."""
    return user.get_full_name() or user.get_username()


class LeadTriageForm(forms.ModelForm):
    note = forms.CharField(
        label=_("Nytt notat"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Internt; vises bare for ansatte, og lagres i historikken med ditt navn."),
    )

    class Meta:
        model = Lead
        fields = ["status", "assignee"]


class StatusActionForm(forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=LeadStatus.choices)


class AssignActionForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Saksbehandler"),
        queryset=None,
        required=False,
        empty_label=_("Ingen (fjern saksbehandler)"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users(user)
        self.fields["assignee"].label_from_instance = person_name


class ForwardActionForm(forms.Form):
    subsidiary = forms.ModelChoiceField(
        label=_("Videresend til"),
        queryset=Subsidiary.objects.order_by("position", "name"),
        help_text=_(
            "Henvendelsen blir datterselskapets: den sendes på e-post til deres adresse, blir "
            "satt til «Ny» uten saksbehandler, og dere mister tilgangen hvis dere ikke er "
            "medlem der."
        ),
    )
