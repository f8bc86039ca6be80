import json
import logging

from mestergruppen.logging import RedactPersonalData


def emit(message: str, *args, **extra) -> dict:
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    formatter_config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(
        formatter_config["fmt"], rename_fields=formatter_config["rename_fields"]
    )
    record = logging.makeLogRecord(
        {
            "name": "intake",
            "levelno": logging.INFO,
            "levelname": "INFO",
            "msg": message,
            "args": args,
            **extra,
        }
    )
    assert RedactPersonalData().filter(record) is True
    return json.loads(formatter.format(record))


def test_log_line_keeps_no_email_address_or_phone_number():
    line = emit(
        "Lead from %s, phone %s, reference %s",
        "Ola.Nordmann@Eksempel.no",
        "+47 912 34 567",
        "MG-7F3K",
    )

    assert "Nordmann" not in line["message"]
    assert "912" not in line["message"]
    assert "MG-7F3K" in line["message"]
    assert "[e-post fjernet]" in line["message"]
    assert "[telefon fjernet]" in line["message"]


def test_phone_numbers_in_every_common_norwegian_notation_are_removed():
    for number in [
        "91234567",
        "912 34 567",
        "91 23 45 67",
        "9123 4567",
        "0047 91234567",
        "+4791234567",
        "+47 912 34 567",
        "+44 20 7946 0958",
    ]:
        assert emit("call %s", number)["message"] == "call [telefon fjernet]"


def test_extra_fields_and_tracebacks_are_scrubbed_too():
    try:
        raise ValueError("duplicate key (email)=(kari@example.com)")
    except ValueError:
        import sys

        line = emit("insert failed", exc_info=sys.exc_info(), contact="kari@example.com")

    assert "kari@example.com" not in json.dumps(line)
    assert "duplicate key" in line["exc_info"]


def test_request_log_line_does_not_carry_the_client_ip_address():
    line = emit(
        '"GET / HTTP/1.1" 200', request="<socket laddr=('10.1.2.3', 8000)>", status_code=200
    )

    assert "10.1.2.3" not in json.dumps(line)
    assert line["status_code"] == 200


def test_dates_times_and_counts_stay_readable_in_the_log():
    message = "retry at 2026-11-25 14:35:21, attempt 3 of 12, took 1500 ms, lead 12345"

    assert emit(message)["message"] == message
