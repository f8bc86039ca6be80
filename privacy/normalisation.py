"""The one stored and compared form of an email address and a phone number, and the person
(`Subject`) the registry looks for by them.

`normalise_email()` and `normalise_phone()` are the only way an email address or a phone
number should reach a stored field or a lookup: a person is found by what they typed whatever
notation they used, and a value that cannot be normalised is refused, never stored as typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we can store (forms turn this into a Norwegian error)."""


def normalise_email(value: str | None) -> str:
    """The one stored and compared form of an email address: trimmed, NFC, lower-case.

    Both the local part and the domain are lower-cased: RFC 5321 lets a server treat the
    local part case-sensitively, but no real mailbox provider does, and a person asking for
    their data must be found whatever letter case they typed.
    """
    if not value:
        return ""
    return unicodedata.normalize("NFC", value.strip()).lower()


def normalise_phone(value: str | None, *, region: str = "NO") -> str:
    """A phone number in E.164 (`+4791234567`); Norwegian unless it says otherwise.

    Accepts the usual notations: "912 34 567", "91 23 45 67", "+47 91234567",
    "0047 912 34 567". Returns "" for empty input; raises InvalidPhoneNumber otherwise.
    """
    if value is None or not value.strip():
        return ""
    try:
        number = phonenumbers.parse(value.strip(), region)
    except phonenumbers.NumberParseException as error:
        raise InvalidPhoneNumber(str(error)) from error
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber("not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@dataclass(frozen=True)
class Subject:
    """One person, as the registry finds them: a normalised email and/or an E.164 phone."""

    email: str = ""
    phone: str = ""

    @classmethod
    def from_input(cls, *, email: str | None = None, phone: str | None = None) -> Subject:
        """Normalise what a person or an officer typed; raises ValueError if both are empty
        (and InvalidPhoneNumber for a phone that is not one)."""
        subject = cls(email=normalise_email(email), phone=normalise_phone(phone))
        if not subject.email and not subject.phone:
            raise ValueError("a subject needs an email address or a phone number")
        return subject

    def __str__(self) -> str:
        return " / ".join(part for part in (self.email, self.phone) if part)
