from django.core.management import call_command

from intake.models import RoutingRule, Subsidiary


def test_demo_data_creates_the_subsidiaries_once_however_often_it_runs(db, settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-passord-123")

    call_command("load_demo_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)

    assert list(Subsidiary.objects.offered_in_form().values_list("name", flat=True)) == [
        "Mesterhus",
        "Blink Hus",
        "Bygger'n",
        "Byggtorget",
        "Byggmesteriet",
    ]
    assert RoutingRule.objects.filter(subsidiary__slug="mesterhus").count() == 3
    assert Subsidiary.objects.get(slug="mesterhus").recipients_for("oslo") == [
        "oslo@mesterhus.example"
    ]
