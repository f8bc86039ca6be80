"""A restricted subject is recognised by email or phone, in any notation, until lifted."""

import pytest

from privacy.models import Restriction
from privacy.services import is_restricted, subject_lift_restriction, subject_restrict

pytestmark = pytest.mark.django_db


def test_restricted_subject_is_recognised_by_email_in_any_letter_case(privacy_officer):
    subject_restrict(email="Kari@Eksempel.no", by=privacy_officer, reason="Bestrider riktighet")

    assert is_restricted(email="kari@eksempel.no")
    assert is_restricted(email=" KARI@EKSEMPEL.NO ", phone="+4799887766")
    assert not is_restricted(email="ola@eksempel.no")


@pytest.mark.parametrize("typed", ["+4791234567", "912 34 567", "0047 91 23 45 67"])
def test_restricted_subject_is_recognised_by_phone_in_any_notation(privacy_officer, typed):
    subject_restrict(phone="91 23 45 67", by=privacy_officer)

    assert is_restricted(phone=typed)
    assert is_restricted(email="noen.andre@eksempel.no", phone=typed)


def test_restriction_is_stored_normalised_with_who_placed_it(privacy_officer):
    restriction = subject_restrict(
        email="Kari@Eksempel.no", phone="912 34 567", by=privacy_officer, reason="Art. 18"
    )

    assert (restriction.email, restriction.phone) == ("kari@eksempel.no", "+4791234567")
    assert restriction.placed_by == privacy_officer
    assert restriction.is_active


def test_restricting_twice_keeps_one_restriction(privacy_officer):
    first = subject_restrict(email="kari@eksempel.no", by=privacy_officer)
    second = subject_restrict(email="KARI@eksempel.no", by=privacy_officer)

    assert first == second
    assert Restriction.objects.count() == 1


def test_lifted_restriction_no_longer_applies_but_is_kept_as_a_record(privacy_officer):
    subject_restrict(email="kari@eksempel.no", by=privacy_officer)

    lifted = subject_lift_restriction(email="Kari@eksempel.no", by=privacy_officer)

    assert lifted == 1
    assert not is_restricted(email="kari@eksempel.no")
    restriction = Restriction.objects.get()
    assert restriction.lifted_by == privacy_officer and restriction.lifted_at is not None


def test_empty_or_unreadable_values_are_never_restricted():
    Restriction.objects.create(email="kari@eksempel.no")

    assert not is_restricted(email="", phone="")
    assert not is_restricted(email=None, phone="ikke et nummer")
