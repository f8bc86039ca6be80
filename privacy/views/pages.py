"""Plain information pages about the visitor's rights and the cookies the site sets.

The rights page with its request form lives in `privacy.requests.views`. The cookie consent
panel is later work; until then the cookie page keeps the promise of the statement's section 7
with the full list of cookies (all strictly necessary, so there is nothing to consent to).
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

# Every cookie the site can set. Only strictly necessary ones (ePrivacy Art. 5(3) exemption):
# a voluntary cookie must not be added here, or anywhere, before a consent panel exists.
COOKIES = [
    {
        "name": settings.CSRF_COOKIE_NAME,
        "purpose": _("Beskytter skjemaene mot forfalskede innsendinger fra andre nettsteder."),
        "lifetime": _("Ett år"),
        "who": _("Alle som åpner en side med et skjema"),
    },
    {
        "name": settings.LANGUAGE_COOKIE_NAME,
        "purpose": _("Husker språket du valgte (norsk eller engelsk)."),
        "lifetime": _("Til nettleseren lukkes"),
        "who": _("Bare når du selv bytter språk"),
    },
    {
        "name": settings.SESSION_COOKIE_NAME,
        "purpose": _("Holder ansatte innlogget i administrasjonen."),
        "lifetime": _("Åtte timer"),
        "who": _("Bare ansatte som logger inn"),
    },
]


@require_safe
def cookie_settings(request):
    return render(request, "privacy/cookies.html", {"cookies": COOKIES})
