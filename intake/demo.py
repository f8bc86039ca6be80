"""Demo subsidiaries, staff and leads for the local run (`make run` loads them)."""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from intake.models import County, Lead, LeadStatus, RoutingRule, Subsidiary
from privacy.models import PrivacyStatement

DEMO_SUBSIDIARIES = [
    {
        "slug": "mesterhus",
        "name": "Mesterhus",
        "description": "Boligkjede for byggmestere som bygger eneboliger og rekkehus.",
        "default_email": "post@mesterhus.example",
        "rules": {
            County.OSLO: ["oslo@mesterhus.example"],
            County.AKERSHUS: ["oslo@mesterhus.example"],
            County.VESTLAND: ["bergen@mesterhus.example"],
        },
    },
    {
        "slug": "blink-hus",
        "name": "Blink Hus",
        "description": "Hus og hytter i moderne og tradisjonell stil, bygget av lokale mestere.",
        "default_email": "post@blinkhus.example",
        "rules": {County.TRONDELAG: ["midt@blinkhus.example"]},
    },
    {
        "slug": "byggern",
        "name": "Bygger'n",
        "description": "Byggevarehus for proffe håndverkere og private byggherrer.",
        "default_email": "medlem@byggern.example",
        "rules": {},
    },
    {
        "slug": "byggtorget",
        "name": "Byggtorget",
        "description": "Byggevarekjede med lokale, selvstendige forhandlere over hele landet.",
        "default_email": "post@byggtorget.example",
        "rules": {County.NORDLAND: ["nord@byggtorget.example"]},
    },
    {
        "slug": "byggmesteriet",
        "name": "Byggmesteriet",
        "description": "Kjede for byggmestere som tar på seg rehabilitering og tilbygg.",
        "default_email": "post@byggmesteriet.example",
        "rules": {},
    },
]


def load_demo_subsidiaries() -> int:
    """Creates or updates the demo subsidiaries and their rules; safe to run again."""
    for position, data in enumerate(DEMO_SUBSIDIARIES, start=1):
        subsidiary, _ = Subsidiary.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "default_email": data["default_email"],
                "offered_in_form": True,
                "position": position,
            },
        )
        for county, addresses in data["rules"].items():
            for address in addresses:
                RoutingRule.objects.get_or_create(
                    subsidiary=subsidiary, county=county, email=address
                )
    return len(DEMO_SUBSIDIARIES)


# One person in each role, so the local run shows what each of them sees in the admin.
DEMO_STAFF = [
    {"username": "sentral", "first_name": "Siri", "role": "central", "subsidiary": None},
    {
        "username": "blinkhus",
        "first_name": "Sindre",
        "role": "subsidiary",
        "subsidiary": "blink-hus",
    },
    {"username": "personvern", "first_name": "Pia", "role": "privacy", "subsidiary": None},
]

DEMO_LEADS = [
    ("Åse Ødegård", "Ødegård Bygg AS", County.TRONDELAG, "blink-hus", LeadStatus.NEW, 1),
    ("Per Hansen", "Hansen & Sønn Tømrer", County.OSLO, "mesterhus", LeadStatus.IN_PROGRESS, 3),
    ("Kari Nilsen", "Nilsen Byggservice", County.VESTLAND, "mesterhus", LeadStatus.CONTACTED, 9),
    ("Ola Berg", "Berg Hytter AS", County.INNLANDET, "blink-hus", LeadStatus.NEW, 6),
    ("Lise Strand", "Strand Rehab", County.AGDER, "byggmesteriet", LeadStatus.BECAME_MEMBER, 30),
    ("Jon Lie", "Lie Trelast", County.NORDLAND, "byggtorget", LeadStatus.NOT_RELEVANT, 20),
    ("Mona Dahl", "Dahl Entreprenør", County.ROGALAND, None, LeadStatus.NEW, 2),
]


def load_demo_staff(*, password: str) -> list[str]:
    """Creates or updates one demo account per role, all with the demo password."""
    from django.contrib.auth import get_user_model

    from intake import roles

    roles.sync_role_groups()
    groups = {
        "central": roles.CENTRAL_STAFF,
        "subsidiary": roles.SUBSIDIARY_STAFF,
        "privacy": roles.PRIVACY_OFFICER,
    }
    for person in DEMO_STAFF:
        user, _ = get_user_model().objects.update_or_create(
            username=person["username"],
            defaults={"first_name": person["first_name"], "is_staff": True},
        )
        user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name=groups[person["role"]]))
        if person["subsidiary"]:
            Subsidiary.objects.get(slug=person["subsidiary"]).members.add(user)
    return [person["username"] for person in DEMO_STAFF]


def load_demo_leads() -> int:
    """A few leads in different states, stored directly: demo leads send no email."""
    if Lead.objects.filter(email__endswith="@demo.example").exists():
        return 0
    statement = PrivacyStatement.objects.published().current(language="nb")
    for number, (name, company, county, slug, status, days_ago) in enumerate(DEMO_LEADS, 1):
        Lead.objects.create(
            contact_name=name,
            email=f"kontakt{number}@demo.example",
            phone=f"+479000000{number}",
            company_name=company,
            county=county,
            subsidiary=Subsidiary.objects.filter(slug=slug).first() if slug else None,
            message="Vi er interessert i å høre mer om medlemskap.",
            status=status,
            received_at=timezone.now() - timedelta(days=days_ago),
            privacy_statement=statement,
            submission_token=f"demo-{number}",
        )
    return len(DEMO_LEADS)
