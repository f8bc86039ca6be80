"""Email addresses and phone numbers are stored and compared in one form."""

import pytest

from privacy.registry import InvalidPhoneNumber, Subject, normalise_email, normalise_phone


@pytest.mark.parametrize(
    "typed", ["912 34 567", "+47 91234567", "0047 912 34 567", "91 23 45 67", "+4791234567"]
)
def test_norwegian_phone_notations_become_one_e164_number(typed):
    assert normalise_phone(typed) == "+4791234567"


def test_a_foreign_number_keeps_its_country_code():
    assert normalise_phone("+46 70 123 45 67") == "+46701234567"


@pytest.mark.parametrize("typed", ["abc", "123", "912 34 567 89 01 23"])
def test_text_that_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)


def test_email_is_trimmed_and_lower_cased_in_local_part_and_domain():
    assert normalise_email("  Kari.Nordmann@Eksempel.NO \n") == "kari.nordmann@eksempel.no"


def test_email_in_decomposed_unicode_matches_the_composed_form():
    decomposed = "bjo\u0308rn@eksempel.no"  # o + combining diaeresis
    assert normalise_email(decomposed) == normalise_email("BJÖRN@eksempel.no")


def test_a_subject_needs_an_email_or_a_phone():
    with pytest.raises(ValueError):
        Subject.from_input(email="  ", phone="")
    assert Subject.from_input(email="A@B.NO", phone="91 23 45 67") == Subject(
        email="a@b.no", phone="+4791234567"
    )
