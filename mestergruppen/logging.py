"""Keep personal data out of the logs (ARCHITECTURE.md: nothing personal in logs).

Applied as a handler filter, so it also covers records from Django and libraries: the message
is formatted, scrubbed and frozen, and so are the traceback and any `extra` strings.
"""

import logging
import re

EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Eight to fifteen digits, optionally led by + or 00 and split by spaces, dots or dashes:
# Norwegian numbers in every common notation and E.164 numbers from abroad.
PHONE_NUMBER = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ .-]?\d){7,14}(?!\w)")

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
