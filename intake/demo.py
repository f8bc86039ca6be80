"""Demo subsidiaries for the local run (`make run` loads them through `load_demo_data`)."""

from intake.models import County, RoutingRule, Subsidiary

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
