"""Phone numbers as Norwegian staff read them."""

import phonenumbers


def phone_for_reading(e164: str) -> str:
    """«22 33 44 55» or «912 34 567» for a Norwegian number, «+46 70 123 45 67» for a foreign
    one; what was stored, unchanged, when it cannot be parsed."""
    try:
        number = phonenumbers.parse(e164, "NO")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 47:
        digits = str(number.national_number)
        if len(digits) == 8 and digits[0] in "49":
            # Mobile numbers are written 3-2-3 in Norway; libphonenumber pairs every number.
            return f"{digits[:3]} {digits[3:5]} {digits[5:]}"
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
