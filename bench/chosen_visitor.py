"""Prints the consent cookie of a visitor who has chosen, for the intake and statement
benchmarks' second visitor (BENCH_VISITOR=chosen): they accepted all, and one statistics
script is configured, so each page they get also runs it with its response's CSP nonce (the
costliest common case: a banner-less variant of the kept page with a nonce filled in).

Run by run.sh with the server's environment, after migrating and before the server starts:

    python bench/chosen_visitor.py      # prints consent=<value>
"""

import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mestergruppen.settings")

import django

django.setup()

from privacy.cookie_consent import (  # noqa: E402
    CONSENT_COOKIE,
    Choice,
    declaration_refresh,
)
from privacy.models import ConsentScript, DeclaredCookie  # noqa: E402
from privacy.models.statement import today_in_norway  # noqa: E402

DeclaredCookie.objects.get_or_create(
    name="_stat_*",
    defaults={
        "category": "statistics",
        "purpose": "Teller besøk (benchmark).",
        "lifetime": "Ett år",
    },
)
ConsentScript.objects.get_or_create(
    name="Besøksstatistikk (benchmark)",
    defaults={
        "category": "statistics",
        "code": 'document.documentElement.setAttribute("data-statistikk", "ja");',
    },
)
version = declaration_refresh()
choice = Choice(
    version=version.number,
    statistics=True,
    marketing=True,
    given_on=today_in_norway(),
    consent_id=uuid.uuid4(),
)
print(f"{CONSENT_COOKIE}={choice.cookie_value()}")
