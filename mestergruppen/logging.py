"""Keep personal data out of the logs (ARCHITECTURE.md: nothing personal in logs).

Applied as a handler filter, so it also covers records from Django and libraries: the message
is formatted, scrubbed and frozen, and so are the traceback and any `extra` strings.
"""

import logging
import re

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Phone numbers as people write them: a Norwegian number in its usual groupings (91234567,
# 912 34 567, 91 23 45 67, 9123 4567), or any number with an international prefix (+47 ...,
# 0047 ..., +44 20 7946 0958). Dates and times (2026-11-25, 14:35:21) are left alone.
_SEP = r"[ .-]"
_NORWEGIAN = (
    rf"\d{{8}}|\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{3}}|\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"|\d{{4}}{_SEP}\d{{4}}"
)
_INTERNATIONAL = rf"(?:\+|00)\d{{1,3}}{_SEP}?(?:\(0\){_SEP}?)?\d(?:{_SEP}?\d){{5,13}}"
PHONE_NUMBER = re.compile(rf"(?<![\w+-])(?:{_INTERNATIONAL}|{_NORWEGIAN})(?![\w-])")

REDACTED_EMAIL = "[e-post fjernet]"
REDACTED_PHONE = "[telefon fjernet]"

_STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str) -> str:
    return PHONE_NUMBER.sub(REDACTED_PHONE, EMAIL_ADDRESS.sub(REDACTED_EMAIL, text))


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        # django.server and django.request attach the socket or request: its repr carries the
        # client's IP address, which is personal data.
        if hasattr(record, "request"):
            del record.request
        for name, value in list(vars(record).items()):
            if name not in _STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, name, redact(value))
        return True
