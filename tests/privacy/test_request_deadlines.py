"""A request's deadline is one calendar month from receipt (GDPR Art. 12(3)), extendable once
by two further months while the first month runs."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from privacy.models import DataSubjectRequest, RequestStatus
from privacy.models.requests import add_months
from privacy.requests.services import request_extend

OSLO = ZoneInfo("Europe/Oslo")


def received(day: datetime.date, **fields) -> DataSubjectRequest:
    moment = datetime.datetime.combine(day, datetime.time(10), tzinfo=OSLO)
    return DataSubjectRequest.objects.create(
        rights=["access"],
        email="kari@eksempel.no",
        received_at=moment,
        status=RequestStatus.CONFIRMED,
        **fields,
    )


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        (datetime.date(2027, 1, 31), datetime.date(2027, 2, 28)),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)),  # a leap year
        (datetime.date(2027, 1, 15), datetime.date(2027, 2, 15)),
        (datetime.date(2027, 3, 31), datetime.date(2027, 4, 30)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 1, 31)),
    ],
)
def test_one_month_from_receipt_is_the_same_day_or_the_end_of_a_shorter_month(receipt, due):
    assert add_months(receipt, 1) == due


@pytest.mark.django_db
def test_request_received_on_31_january_is_due_on_the_last_day_of_february():
    request = received(datetime.date(2027, 1, 31))

    request.refresh_from_db()
    assert request.deadline == datetime.date(2027, 2, 28)


@pytest.mark.django_db
def test_request_received_just_before_midnight_in_oslo_counts_from_that_norwegian_day():
    # 23:30 on 31 January in Oslo is 22:30 UTC the same day; 00:30 on 1 February is still
    # 31 January in UTC and must count from 1 February.
    late = datetime.datetime(2027, 2, 1, 0, 30, tzinfo=OSLO)
    request = DataSubjectRequest.objects.create(
        rights=["access"], email="kari@eksempel.no", received_at=late
    )

    assert request.deadline == datetime.date(2027, 3, 1)


@pytest.mark.django_db
def test_extension_runs_three_months_from_receipt_and_tells_the_person_why(
    privacy_officer, run_tasks, time_machine_today
):
    time_machine_today(datetime.date(2027, 2, 10))
    request = received(datetime.date(2027, 1, 31))

    request_extend(request=request, by=privacy_officer, reason="Mange henvendelser å gå gjennom.")
    run_tasks()

    request.refresh_from_db()
    assert request.deadline == datetime.date(2027, 4, 30)
    (letter,) = mail.outbox
    assert letter.to == ["kari@eksempel.no"]
    assert request.reference in letter.subject
    assert "30. april 2027" in letter.body
    assert "Mange henvendelser å gå gjennom." in letter.body
    assert "Datatilsynet" in letter.body


@pytest.mark.django_db
def test_deadline_cannot_be_extended_after_the_first_month_or_twice(
    privacy_officer, time_machine_today
):
    time_machine_today(datetime.date(2027, 3, 1))
    late = received(datetime.date(2027, 1, 31))
    with pytest.raises(ValueError):
        request_extend(request=late, by=privacy_officer, reason="For sent")

    time_machine_today(datetime.date(2027, 2, 1))
    request = received(datetime.date(2027, 1, 31))
    request_extend(request=request, by=privacy_officer, reason="Første gang")
    with pytest.raises(ValueError):
        request_extend(request=request, by=privacy_officer, reason="Andre gang")


@pytest.mark.django_db
def test_open_request_past_its_deadline_is_overdue_and_an_answered_one_is_not(
    time_machine_today,
):
    time_machine_today(datetime.date(2027, 3, 1))
    overdue = received(datetime.date(2027, 1, 15))
    answered = received(datetime.date(2027, 1, 15))
    answered.status = RequestStatus.COMPLETED
    answered.save()

    assert overdue.is_overdue and not answered.is_overdue
    assert list(DataSubjectRequest.objects.overdue()) == [overdue]
