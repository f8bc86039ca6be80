"""Retention rules say which rows have outlived their purpose (the retention command uses it)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from privacy.registry import registry
from tests.registry_testapp.models import Member

pytestmark = pytest.mark.django_db


def test_rows_older_than_the_declared_days_have_expired():
    now = timezone.now()
    old = Member.objects.create(name="Gammel", created_at=now - datetime.timedelta(days=31))
    Member.objects.create(name="Ny", created_at=now - datetime.timedelta(days=29))

    expired = registry.get(Member).retention.expired(Member.objects.all(), now=now)

    assert list(expired) == [old]


def test_an_active_staff_account_never_expires_but_a_long_unused_deactivated_one_does():
    now = timezone.now()
    users = get_user_model().objects
    long_ago = now - datetime.timedelta(days=400)
    users.create_user(username="aktiv", last_login=long_ago, is_active=True)
    gone = users.create_user(username="sluttet", last_login=long_ago, is_active=False)
    users.create_user(
        username="nylig-sluttet", last_login=now - datetime.timedelta(days=10), is_active=False
    )

    expired = registry.get(get_user_model()).retention.expired(users.all(), now=now)

    assert list(expired) == [gone]
