from privacy.registry import (
    Anonymise,
    Category,
    Delete,
    FindBy,
    Personal,
    Purpose,
    Retention,
    SubjectCategory,
    declare,
)
from tests.registry_testapp.models import Attachment, Member, Ticket, Visit

MEMBER_ANONYMISATION = Anonymise(
    replace={"name": "Anonymisert", "email": "", "phone": "", "note": ""},
    keep={"company": "Bedriftens navn trengs i statistikken"},
)

declare(
    Member,
    fields={
        "id": Category.NOT_PERSONAL,
        "name": Category.IDENTITY,
        "email": Category.CONTACT,
        "phone": Category.CONTACT,
        "company": Category.COMPANY,
        "note": Personal(Category.FREE_TEXT, export=False),
        "county": Category.NOT_PERSONAL,
        "created_at": Category.NOT_PERSONAL,
    },
    find=FindBy(email="email", phone="phone"),
    subjects=[SubjectCategory.PROSPECTIVE_MEMBER],
    purposes=[Purpose.REGISTRATION, Purpose.COMMUNICATION],
    recipients=["Datterselskapet"],
    retention=Retention.after("created_at", days=30, then=MEMBER_ANONYMISATION),
    erasure=MEMBER_ANONYMISATION,
)

declare(
    Visit,
    fields={
        "id": Category.NOT_PERSONAL,
        "member": Category.NOT_PERSONAL,
        "ip_address": Category.TECHNICAL,
        "at": Category.USAGE,
    },
    find=FindBy(through="member"),
    subjects=[SubjectCategory.VISITOR],
    purposes=[Purpose.ANALYSIS, Purpose.SECURITY],
    retention=Retention.with_parent("member", then=Delete()),
    erasure=Delete(),
)

declare(
    Ticket,
    fields={"id": Category.NOT_PERSONAL, "email": Category.CONTACT, "body": Category.FREE_TEXT},
    find=FindBy(email="email"),
    subjects=[SubjectCategory.CONSUMER],
    purposes=[Purpose.COMMUNICATION],
    retention=Retention.manual("Til saken er avsluttet"),
    erasure=Delete(),
)

declare(
    Attachment,
    fields={
        "id": Category.NOT_PERSONAL,
        "ticket": Category.NOT_PERSONAL,
        "filename": Category.CORRESPONDENCE,
    },
    find=FindBy(through="ticket"),
    subjects=[SubjectCategory.CONSUMER],
    purposes=[Purpose.COMMUNICATION],
    retention=Retention.with_parent("ticket", then=Delete()),
    erasure=Delete(),
)
