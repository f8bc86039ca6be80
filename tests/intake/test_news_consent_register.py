"""The contact form's news consent lives in privacy's consent register: ticked boxes from
before the register existed are carried over once, and withdrawing turns the box off too."""

import importlib

import pytest
from django.apps import apps

from privacy.consents import ConsentSource, news_consent_in_force, news_consent_withdraw
from privacy.models import ConsentRecord

pytestmark = pytest.mark.django_db

carry_over = importlib.import_module(
    "intake.migrations.0010_news_consents_in_the_register"
).register_earlier_news_consents


def test_earlier_ticked_boxes_become_consents_with_their_leads_time_and_statement(
    make_lead, privacy_statement
):
    ticked = make_lead(
        email="kari@eksempel.no", wants_news=True, privacy_statement=privacy_statement
    )
    make_lead(email="ola@eksempel.no", wants_news=False)
    make_lead(email="spam@eksempel.no", wants_news=True, is_suspected_spam=True)

    carry_over(apps, None)

    row = ConsentRecord.objects.get()
    assert (row.email, row.given, row.source) == ("kari@eksempel.no", True, "contact_form")
    assert row.recorded_at == ticked.received_at
    assert row.statement == privacy_statement
    assert news_consent_in_force("kari@eksempel.no")
    assert not news_consent_in_force("spam@eksempel.no")


def test_withdrawing_unticks_the_box_on_the_lead_that_gave_it(make_lead):
    lead = make_lead(email="kari@eksempel.no", wants_news=True)
    carry_over(apps, None)

    news_consent_withdraw("kari@eksempel.no", source=ConsentSource.UNSUBSCRIBE_LINK)

    lead.refresh_from_db()
    assert lead.wants_news is False
    assert not news_consent_in_force("kari@eksempel.no")
