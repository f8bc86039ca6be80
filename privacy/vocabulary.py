"""The GDPR vocabulary of the registry: categories of data, legal bases, purposes and
categories of data subjects, with the Norwegian labels the privacy officer and the records of
processing activities (Art. 30) show. The purposes and their legal bases are the privacy
statement's, section 2.
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """What kind of personal data a field holds (the categories of Art. 30(1)(c))."""

    NOT_PERSONAL = "not_personal", _("Ikke personopplysning")
    IDENTITY = "identity", _("Navn og identitet")
    CONTACT = "contact", _("Kontaktopplysninger (e-postadresse, telefonnummer)")
    COMPANY = "company", _("Opplysninger om bedriften og rollen din")
    FREE_TEXT = "free_text", _("Innholdet i henvendelser og notater (fritekst)")
    CORRESPONDENCE = "correspondence", _("Korrespondanse og e-poster om deg")
    USAGE = "usage", _("Bruk av de Digitale Tjenestene (atferdsmønster, informasjonskapsler)")
    TECHNICAL = "technical", _("Tekniske opplysninger (IP-adresse, nettleser, tidspunkter)")
    CONSENT = "consent", _("Samtykker og valg (informasjonskapsler, personvernerklæring)")
    INVOICING = "invoicing", _("Faktura- og betalingsopplysninger")
    ACCOUNT = "account", _("Brukerkonto og tilganger")
    ACTIVITY = "activity", _("Logg over handlinger i systemet (revisjonsspor)")
    RIGHTS = "rights", _("Utøvelse av personvernrettigheter (forespørsler, begrensning, hold)")


class LegalBasis(models.TextChoices):
    """GDPR Art. 6(1), letters a–f."""

    CONSENT = "a", _("GDPR art. 6 nr. 1 bokstav a (samtykke)")
    CONTRACT = "b", _("GDPR art. 6 nr. 1 bokstav b (avtale)")
    LEGAL_OBLIGATION = "c", _("GDPR art. 6 nr. 1 bokstav c (rettslig forpliktelse)")
    VITAL_INTERESTS = "d", _("GDPR art. 6 nr. 1 bokstav d (vitale interesser)")
    PUBLIC_TASK = "e", _("GDPR art. 6 nr. 1 bokstav e (allmennhetens interesse)")
    LEGITIMATE_INTERESTS = "f", _("GDPR art. 6 nr. 1 bokstav f (berettiget interesse)")


class Purpose(models.TextChoices):
    """The purposes of the privacy statement, section 2 (labels are its headings verbatim).

    Staff administration is not a heading of section 2, but the statement (section 1) covers
    employees of subsidiaries, whose admin accounts we keep. The two purposes based on
    consent are the statement's too: the newsletter one can withdraw from (section 5) and
    the voluntary cookies of the cookie panel (section 7).
    """

    REGISTRATION = "registration", _("Registrering og innsending av skjema")
    COMMUNICATION = "communication", _("Kommunikasjon med bruker")
    ANALYSIS = "analysis", _("Analyse, utvikling og tilpasning av de Digitale Tjenestene")
    INVOICING = "invoicing", _("Fakturering og regnskap")
    SECURITY = "security", _("Hindre, begrense og følge opp misbruk av de Digitale Tjenestene")
    LEGAL_OBLIGATIONS = "legal_obligations", _("Overholdelse av lovpålagte plikter")
    STAFF_ADMINISTRATION = (
        "staff_administration",
        _("Administrasjon av brukerkontoer og tilganger for ansatte"),
    )
    NEWS = "news", _("Nyheter på e-post")
    VOLUNTARY_COOKIES = (
        "voluntary_cookies",
        _("Frivillige informasjonskapsler (statistikk og markedsføring)"),
    )

    @property
    def legal_bases(self) -> tuple[LegalBasis, ...]:
        return PURPOSE_LEGAL_BASES[self]

    @property
    def description(self) -> str:
        return PURPOSE_DESCRIPTIONS[self]


# The legal basis the statement gives each purpose (section 2).
PURPOSE_LEGAL_BASES: dict[Purpose, tuple[LegalBasis, ...]] = {
    Purpose.REGISTRATION: (LegalBasis.CONTRACT,),
    Purpose.COMMUNICATION: (LegalBasis.CONTRACT,),
    Purpose.ANALYSIS: (LegalBasis.LEGITIMATE_INTERESTS,),
    Purpose.INVOICING: (LegalBasis.CONTRACT,),
    # "vår rettslige forpliktelse ... og vår berettigede interesse ..., jf. bokstav f"
    Purpose.SECURITY: (LegalBasis.LEGAL_OBLIGATION, LegalBasis.LEGITIMATE_INTERESTS),
    Purpose.LEGAL_OBLIGATIONS: (LegalBasis.LEGAL_OBLIGATION,),
    Purpose.STAFF_ADMINISTRATION: (LegalBasis.LEGITIMATE_INTERESTS,),
    # Consent (Art. 6(1)(a)); for cookies also required by ekomloven § 3-15.
    Purpose.NEWS: (LegalBasis.CONSENT,),
    Purpose.VOLUNTARY_COOKIES: (LegalBasis.CONSENT,),
}

PURPOSE_DESCRIPTIONS: dict[Purpose, Any] = {
    Purpose.REGISTRATION: _(
        "Ta imot henvendelser fra kontaktskjemaet og formidle dem til riktig datterselskap."
    ),
    Purpose.COMMUNICATION: _(
        "Besvare henvendelser og sende informasjon som er viktig for bruken av tjenestene."
    ),
    Purpose.ANALYSIS: _(
        "Analysere, videreutvikle og tilpasse de Digitale Tjenestene (bruksmønster, "
        "informasjonskapsler etter samtykke)."
    ),
    Purpose.INVOICING: _("Fakturering og regnskap."),
    Purpose.SECURITY: _(
        "Vedlikehold, feilretting og oppfølging av sikkerhetstiltak, sikkerhetshendelser og "
        "misbruk."
    ),
    Purpose.LEGAL_OBLIGATIONS: _(
        "Oppfylle lovpålagte plikter, blant annet rapportering, oppbevaring og behandling av "
        "forespørsler om personvernrettigheter."
    ),
    Purpose.STAFF_ADMINISTRATION: _(
        "Gi ansatte i Mestergruppen og datterselskapene tilgang til administrasjonen, og kunne "
        "knytte handlinger til den som utførte dem."
    ),
    Purpose.NEWS: _(
        "Sende nyheter på e-post til dem som har samtykket (i kontaktskjemaet); samtykket kan "
        "trekkes tilbake med lenken i hver e-post, og hvert samtykke og hver tilbaketrekking "
        "lagres som dokumentasjon."
    ),
    Purpose.VOLUNTARY_COOKIES: _(
        "Statistikk- og markedsføringsinformasjonskapsler, bare etter samtykke i panelet for "
        "informasjonskapsler; valget lagres uten å knyttes til hvem den besøkende er."
    ),
}


class SubjectCategory(models.TextChoices):
    """Whose data it is (Art. 30(1)(c)); the statement, section 1, names these groups."""

    PROSPECTIVE_MEMBER = (
        "prospective_member",
        _("Kontaktpersoner hos bedrifter som vil bli medlem (innsendere av kontaktskjema)"),
    )
    CONSUMER = "consumer", _("Forbrukere")
    SUBSIDIARY_STAFF = "subsidiary_staff", _("Ansatte og kontaktpersoner hos datterselskaper")
    MEMBER_STAFF = "member_staff", _("Ansatte og kontaktpersoner hos medlemsbedrifter")
    PARTNER = "partner", _("Samarbeidspartnere")
    GROUP_STAFF = "group_staff", _("Ansatte i Mestergruppen AS")
    VISITOR = "visitor", _("Besøkende på nettstedet")
