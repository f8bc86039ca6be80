"""The officer's handling steps on one request: each has a form (`privacy.requests.step_forms`),
a preview (the letter the person will get, and for erasure what will happen to each record) and
a run that calls the service in `privacy.requests.fulfil` or `privacy.requests.services`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from privacy.models import (
    DataSubjectRequest,
    RequestActionKind,
    RequestRight,
    RequestStatus,
)
from privacy.requests import fulfil
from privacy.requests.letters import compose, letter_language
from privacy.requests.records import CONFIRMED, request_decide_phone_matches
from privacy.requests.services import request_extend
from privacy.requests.step_forms import (
    ConfirmForm,
    NoteForm,
    ObjectionForm,
    PhoneMatchForm,
    ReasonForm,
    RectificationForm,
    RestrictionForm,
)

PENDING_LINK = "…"  # the real link is made when the officer sends


@dataclass(frozen=True)
class Step:
    slug: str
    title: Any
    form: type[forms.Form]
    letter: str | None
    run: Callable[..., str]
    applies: Callable[[DataSubjectRequest], bool]
    letter_context: Callable[[DataSubjectRequest, dict], dict] = lambda request, data: {}
    explanation: Any = ""
    erasure_preview: bool = False

    def build_form(self, request: DataSubjectRequest, data) -> forms.Form:
        if issubclass(self.form, RectificationForm | PhoneMatchForm):
            return self.form(data, request=request)
        return self.form(data)

    def preview(self, request: DataSubjectRequest, data) -> dict:
        result: dict[str, Any] = {}
        context = self.letter_context(request, data)
        if self.erasure_preview:
            preview = fulfil.request_erasure_preview(request=request)
            result["erasure"] = preview
            context = {
                **context,
                "deleted": len(preview.report.deleted),
                "anonymised": len(preview.report.anonymised),
                "kept_count": len(preview.report.kept),
                "kept_reasons": fulfil.kept_reasons(preview.report),
                "recipients": sorted({r.name for r in preview.recipients}),
            }
        if self.letter:
            result["subject"], result["body"] = compose(request, self.letter, **context)
        return result


def _open(request: DataSubjectRequest) -> bool:
    return request.status in (RequestStatus.CONFIRMED, RequestStatus.IN_PROGRESS)


def _wants(*rights):
    """Open, asking for one of `rights`, and that right not answered yet."""
    return lambda request: (
        _open(request)
        and any(right in request.rights and right not in request.handled_rights for right in rights)
    )


def _run_access(request, *, by, data) -> str:
    export = fulfil.request_fulfil_access(request=request, by=by, note=data.get("note", ""))
    return _("Kopien er laget, og lenken er sendt til personen (utløper %(date)s).") % {
        "date": export.expires_at.strftime("%d.%m.%Y")
    }


def _run_erasure(request, *, by, data) -> str:
    report = fulfil.request_fulfil_erasure(request=request, by=by, note=data.get("note", ""))
    return _("Slettet %(deleted)d, anonymisert %(anonymised)d, beholdt %(kept)d poster.") % {
        "deleted": len(report.deleted),
        "anonymised": len(report.anonymised),
        "kept": len(report.kept),
    }


def _run_restriction(request, *, by, data) -> str:
    fulfil.request_fulfil_restriction(
        request=request, by=by, reason=data["reason"], note=data.get("note", "")
    )
    return _("Behandlingen er begrenset, og personen har fått beskjed.")


def _run_refusal(request, *, by, data) -> str:
    fulfil.request_refuse(request=request, by=by, reason=data["reason"])
    return _("Forespørselen er avslått, og personen har fått begrunnelsen.")


def _run_extension(request, *, by, data) -> str:
    request_extend(request=request, by=by, reason=data["reason"])
    return _("Fristen er forlenget til %(date)s, og personen har fått begrunnelsen.") % {
        "date": request.deadline.strftime("%d.%m.%Y")
    }


def _run_objection(request, *, by, data) -> str:
    fulfil.request_fulfil_objection(
        request=request,
        by=by,
        direct_marketing=bool(data.get("direct_marketing")),
        upheld=bool(data.get("upheld")),
        grounds=data.get("grounds", ""),
    )
    return _("Avgjørelsen er registrert, og personen har fått svar.")


def _run_withdrawal(request, *, by, data) -> str:
    fulfil.request_fulfil_withdrawal(request=request, by=by)
    return _("Samtykket er trukket tilbake, og personen har fått beskjed.")


def _objection_context(request, data) -> dict:
    return {
        "direct_marketing": data.get("direct_marketing") in ("on", True, "true", "1"),
        "upheld": data.get("upheld") == "yes",
        "grounds": data.get("grounds", ""),
    }


def _run_rectification(request, *, by, data) -> str:
    fields = fulfil.request_fulfil_rectification(
        request=request, by=by, changes=data["changes"], note=data.get("note", "")
    )
    return _("Rettet: %(fields)s. Personen og mottakerne har fått beskjed.") % {
        "fields": ", ".join(fields)
    }


def _run_lift_notice(request, *, by, data) -> str:
    fulfil.request_notify_restriction_lift(request=request, by=by, reason=data["reason"])
    return _("Personen får beskjed. Begrensningen kan oppheves når brevet er sendt.")


def _run_lift(request, *, by, data) -> str:
    fulfil.request_lift_restriction(request=request, by=by)
    return _("Begrensningen er opphevet.")


def _restricted_by_this(request) -> bool:
    return request.actions.filter(
        kind=RequestActionKind.RESTRICTED
    ).exists() and fulfil.restriction_active(request)


def _run_phone_matches(request, *, by, data) -> str:
    decided = request_decide_phone_matches(
        request=request, by=by, decisions=data.get("decisions", {})
    )
    confirmed = sum(1 for decision in decided.values() if decision == CONFIRMED)
    return _(
        "Vurderingen er lagret: %(confirmed)d poster tas med, %(rejected)d holdes utenfor."
    ) % {"confirmed": confirmed, "rejected": len(decided) - confirmed}


def _extended_deadline_context(request, data) -> dict:
    with translation.override(letter_language(request)):
        deadline = date_format(request.latest_extended_deadline, "DATE_FORMAT")
    return {"deadline": deadline, "reason": data.get("reason", "")}


STEPS = [
    Step(
        slug="innsyn",
        title=gettext_lazy("Innsyn og dataportabilitet: send kopi"),
        form=NoteForm,
        letter="access",
        run=_run_access,
        applies=_wants(RequestRight.ACCESS, RequestRight.PORTABILITY),
        letter_context=lambda request, data: {
            "link": PENDING_LINK,
            "expires": "…",
            "downloads": fulfil.EXPORT_MAX_DOWNLOADS,
            "note": data.get("note", ""),
        },
        explanation=gettext_lazy(
            "Lager en zip-fil med alt som er bekreftet å høre til personen (ikke det som bare er "
            "funnet via telefonnummeret), og sender en lenke som utløper."
        ),
    ),
    Step(
        slug="sletting",
        title=gettext_lazy("Sletting"),
        form=NoteForm,
        letter="erasure-done",
        run=_run_erasure,
        applies=_wants(RequestRight.ERASURE),
        letter_context=lambda request, data: {"note": data.get("note", "")},
        erasure_preview=True,
        explanation=gettext_lazy(
            "Dette blir gjort i én transaksjon når du sender. Mottakere av henvendelsene får "
            "beskjed (art. 19). Forespørselen beholdes uten e-post og telefon."
        ),
    ),
    Step(
        slug="begrensning",
        title=gettext_lazy("Begrensning av behandlingen"),
        form=RestrictionForm,
        letter="restricted",
        run=_run_restriction,
        applies=_wants(RequestRight.RESTRICTION),
        letter_context=lambda request, data: {"note": data.get("note", ""), "recipients": []},
    ),
    Step(
        slug="retting",
        title=gettext_lazy("Retting"),
        form=RectificationForm,
        letter="rectified",
        run=_run_rectification,
        applies=_wants(RequestRight.RECTIFICATION),
        letter_context=lambda request, data: {"fields": ["…"], "note": data.get("note", "")},
        explanation=gettext_lazy(
            "Endre det som er feil. Endringen kommer i henvendelsens historikk, og mottakerne "
            "av henvendelsen får beskjed (art. 19)."
        ),
    ),
    Step(
        slug="varsle-oppheving",
        title=gettext_lazy("Varsle om at begrensningen oppheves"),
        form=ReasonForm,
        letter="restriction-ending",
        run=_run_lift_notice,
        applies=_restricted_by_this,
        letter_context=lambda request, data: {"reason": data.get("reason", "")},
        explanation=gettext_lazy(
            "Personen skal ha beskjed før begrensningen oppheves (art. 18 nr. 3). Du kan "
            "oppheve den når brevet er sendt."
        ),
    ),
    Step(
        slug="opphev-begrensning",
        title=gettext_lazy("Opphev begrensningen"),
        form=ConfirmForm,
        letter=None,
        run=_run_lift,
        applies=lambda request: _restricted_by_this(request) and fulfil.lift_notice_sent(request),
    ),
    Step(
        slug="protest",
        title=gettext_lazy("Protest"),
        form=ObjectionForm,
        letter="objection",
        run=_run_objection,
        applies=_wants(RequestRight.OBJECTION),
        letter_context=_objection_context,
    ),
    Step(
        slug="samtykke",
        title=gettext_lazy("Trekk tilbake samtykke til nyheter"),
        form=ConfirmForm,
        letter="withdrawn",
        run=_run_withdrawal,
        applies=_wants(RequestRight.WITHDRAW_CONSENT),
    ),
    Step(
        slug="telefon",
        title=gettext_lazy("Vurder postene som er funnet via telefonnummeret"),
        form=PhoneMatchForm,
        letter=None,
        run=_run_phone_matches,
        applies=lambda request: _open(request) and bool(request.phone),
        explanation=gettext_lazy(
            "Et telefonnummer kan deles av flere (et sentralbord, en kollega). Vurder hver post "
            "for seg: bare de du sier gjelder personen, tas med i kopi, sletting, retting og "
            "tilbaketrekking av samtykke. Det som hører til en post, følger den."
        ),
    ),
    Step(
        slug="forleng",
        title=gettext_lazy("Forleng fristen"),
        form=ReasonForm,
        letter="extended",
        run=_run_extension,
        applies=lambda request: request.can_extend,
        letter_context=_extended_deadline_context,
    ),
    Step(
        slug="avsla",
        title=gettext_lazy("Avslå"),
        form=ReasonForm,
        letter="refused",
        run=_run_refusal,
        applies=_open,
        letter_context=lambda request, data: {"reason": data.get("reason", "")},
    ),
]


def get(slug: str) -> Step | None:
    return next((step for step in STEPS if step.slug == slug), None)


def available(request: DataSubjectRequest) -> list[Step]:
    return [step for step in STEPS if step.applies(request)]
