from django_tasks_db.models import DBTaskResult

from intake.models import Delivery, Lead
from intake.thank_you import thank_you_path


def test_honeypot_post_is_stored_as_suspected_spam_and_not_routed(client, contact_form):
    response = client.post("/bli-medlem/", contact_form(website="https://cheap-pills.example"))

    lead = Lead.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thank_you_path(lead)
    assert lead.is_suspected_spam is True
    assert lead.spam_reason == "honeypot"
    assert Delivery.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_honeypot_is_hidden_from_people_and_assistive_technology(client, mesterhus):
    html = client.get("/bli-medlem/").content.decode()

    container = html[html.index('class="hp-field"') - 10 : html.index('id="id_website"') + 120]
    assert 'aria-hidden="true"' in container
    assert 'tabindex="-1"' in container
    assert 'autocomplete="off"' in container


def test_form_sent_faster_than_the_minimum_fill_time_is_not_routed(client, contact_form, settings):
    settings.INTAKE_MIN_FILL_SECONDS = 60

    response = client.post("/bli-medlem/", contact_form())

    lead = Lead.objects.get()
    assert response.status_code == 302
    assert "/bli-medlem/takk/" in response["Location"]
    assert (lead.is_suspected_spam, lead.spam_reason) == (True, "too_fast")
    assert Delivery.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_form_sent_after_the_minimum_fill_time_is_routed(
    client, contact_form, settings, monkeypatch
):
    settings.INTAKE_MIN_FILL_SECONDS = 5
    data = contact_form()
    import time

    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 6)

    client.post("/bli-medlem/", data)

    assert Lead.objects.get().is_suspected_spam is False
    assert Delivery.objects.count() == 3


def test_post_with_a_forged_form_token_is_not_routed(client, contact_form):
    client.post("/bli-medlem/", contact_form(form_token="abc:1a2b3c:forged"))

    lead = Lead.objects.get()
    assert (lead.is_suspected_spam, lead.spam_reason) == (True, "invalid_token")
    assert Delivery.objects.count() == 0


def test_rate_limited_post_gets_429_with_a_norwegian_message_and_keeps_the_input(
    client, contact_form, settings
):
    settings.INTAKE_RATE_LIMIT = 2
    for _ in range(2):
        assert client.post("/bli-medlem/", contact_form()).status_code == 302

    response = client.post("/bli-medlem/", contact_form(contact_name="Tredje Forsøk"))

    html = response.content.decode()
    assert response.status_code == 429
    assert "Skjemaet har feil" in html
    assert "Du har sendt mange skjemaer på kort tid." in html
    assert 'value="Tredje Forsøk"' in html
    assert Lead.objects.count() == 2
    assert not Lead.objects.filter(contact_name="Tredje Forsøk").exists()


def test_rate_limit_counts_per_client_address(client, contact_form, settings):
    settings.INTAKE_RATE_LIMIT = 1
    client.post("/bli-medlem/", contact_form(), REMOTE_ADDR="198.51.100.7")

    blocked = client.post("/bli-medlem/", contact_form(), REMOTE_ADDR="198.51.100.7")
    other = client.post("/bli-medlem/", contact_form(), REMOTE_ADDR="203.0.113.9")

    assert blocked.status_code == 429
    assert other.status_code == 302


def test_rate_limit_never_stores_the_raw_ip_address(client, contact_form, settings, monkeypatch):
    from intake import misuse

    settings.INTAKE_RATE_LIMIT = 5
    keys = []
    real_add = misuse.cache.add

    def recording_add(key, *args, **kwargs):
        keys.append(key)
        return real_add(key, *args, **kwargs)

    monkeypatch.setattr(misuse.cache, "add", recording_add)
    client.post("/bli-medlem/", contact_form(), REMOTE_ADDR="198.51.100.7")

    assert len(keys) == 1
    assert "198.51.100" not in keys[0]
    lead = Lead.objects.get()
    for field in Lead._meta.concrete_fields:
        assert "198.51.100" not in str(getattr(lead, field.attname))


def test_rate_limit_can_be_switched_off(client, contact_form, settings):
    settings.INTAKE_RATE_LIMIT = 0
    for _ in range(7):
        assert client.post("/bli-medlem/", contact_form()).status_code == 302

    assert Lead.objects.count() == 7


def test_rate_limited_person_can_send_the_same_form_once_the_window_has_passed(
    client, contact_form, settings
):
    from intake.misuse import cache

    settings.INTAKE_RATE_LIMIT = 1
    client.post("/bli-medlem/", contact_form())
    kept = contact_form(contact_name="Andre Forsøk")
    assert client.post("/bli-medlem/", kept).status_code == 429

    cache.clear()  # the window has passed
    response = client.post("/bli-medlem/", kept)

    assert response.status_code == 302
    assert Lead.objects.filter(contact_name="Andre Forsøk", is_suspected_spam=False).count() == 1


def _rate_limit_cache_setting(**environment) -> dict:
    """settings.CACHES["rate_limits"] as a production process reads it from `environment`."""
    import json
    import os
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if key != "CACHE_URL"}
    env.update(DJANGO_ENV_FILE="/dev/null", DJANGO_DEBUG="false", **environment)
    code = "import json, mestergruppen.settings as s; print(json.dumps(s.CACHES['rate_limits']))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_without_a_cache_url_rate_limits_count_in_the_database_every_process_shares():
    setting = _rate_limit_cache_setting()

    assert setting == {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "rate_limit_cache",
    }


def test_with_a_cache_url_rate_limits_count_in_that_cache():
    setting = _rate_limit_cache_setting(CACHE_URL="redis://127.0.0.1:6379/4")

    assert setting["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_the_database_cache_holds_the_limit_across_processes(client, contact_form, settings):
    from django.db import connection

    settings.CACHES = {**settings.CACHES, "rate_limits": _rate_limit_cache_setting()}
    settings.INTAKE_RATE_LIMIT = 1
    assert client.post("/bli-medlem/", contact_form()).status_code == 302

    response = client.post("/bli-medlem/", contact_form(contact_name="Andre Forsøk"))

    assert response.status_code == 429
    # The count is a row in the database (the table a migration made), not a process's memory.
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM rate_limit_cache")
        keys = [key for (key,) in cursor.fetchall()]
    assert len(keys) == 1
    assert "intake:rate:" in keys[0]
