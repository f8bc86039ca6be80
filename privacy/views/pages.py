"""Plain information pages about the visitor's rights and the cookies the site sets.

The rights page with its request form lives in `privacy.requests.views`. The cookie page keeps
the promise of the statement's section 7 with the full list of cookies the site can set. All
are strictly necessary, so the site asks for no consent before setting them.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from privacy.mine_data.links import COOKIE_NAME as MINE_DATA_COOKIE

# Every cookie the site can set (a test fails when a page sets one not listed here). Only
# strictly necessary ones, which ePrivacy Art. 5(3) exempts from consent: a voluntary cookie
# would need the visitor's consent first, and the site has no way to ask for it.
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
    {
        "name": MINE_DATA_COOKIE,
        "purpose": _(
            "Holder deg innlogget i «Mine data» etter at du har åpnet lenken fra e-posten."
        ),
        "lifetime": _("30 minutter"),
        "who": _("Bare når du åpner «Mine data»"),
    },
]


@require_safe
def cookie_settings(request):
    return render(request, "privacy/cookies.html", {"cookies": COOKIES})
