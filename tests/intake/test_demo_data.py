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


def test_demo_data_gives_each_role_a_login_that_sees_what_the_role_allows(
    db, settings, monkeypatch, privacy_statement
):
    from django.contrib.auth import get_user_model

    from intake.models import Lead

    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-passord-123")
    call_command("load_demo_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    users = get_user_model().objects

    assert Lead.objects.count() == 7
    assert Lead.objects.filter(deliveries__isnull=False).count() == 0  # demo leads send nothing
    blinkhus = users.get(username="blinkhus")
    assert blinkhus.check_password("demo-passord-123")
    assert set(Lead.objects.visible_to(blinkhus).values_list("subsidiary__slug", flat=True)) == {
        "blink-hus"
    }
    assert Lead.objects.visible_to(users.get(username="sentral")).count() == 7


def test_demo_data_prints_backup_codes_that_let_each_demo_account_past_the_second_step(
    db, settings, monkeypatch, privacy_statement, client
):
    import io
    import re

    settings.DEBUG = True
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "demo-passord-123")
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    codes = dict(re.findall(r"^  (\w+): ([a-z2-7]{8}) ", out.getvalue(), re.MULTILINE))
    assert set(codes) == {"admin", "sentral", "blinkhus", "personvern"}

    client.post("/admin/login/", {"username": "blinkhus", "password": "demo-passord-123"})
    # No app set up yet: the backup code is the way in, and the admin opens.
    response = client.post("/admin/to-trinn/", {"code": codes["blinkhus"]})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
