import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": "a-production-like-key-that-is-long-and-random-enough-0123456789-abcdef",
    "ALLOWED_HOSTS": "mestergruppen.no",
    "DATABASE_URL": f"sqlite:///{BASE_DIR / 'var' / 'deploycheck.sqlite3'}",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://smtp.mestergruppen.no:587/?tls=True",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    # No .env from a local run may leak into what production would see.
    clean.update(
        {"DJANGO_ENV_FILE": os.devnull, "DJANGO_SETTINGS_MODULE": "mestergruppen.settings"}
    )
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_python(code: str, *, env: dict[str, str]) -> subprocess.CompletedProcess:
    """`python -c code` in the environment `run_manage` gives a command."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY"))}
    clean.update({"DJANGO_ENV_FILE": os.devnull, **env})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean, capture_output=True, text=True
    )


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    # What gunicorn and runserver do first: load the WSGI application.
    result = run_python("import mestergruppen.wsgi", env=env)
    deploy_check = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is required when DJANGO_DEBUG is off" in result.stderr
    assert deploy_check.returncode != 0
    assert "SECRET_KEY" in deploy_check.stdout + deploy_check.stderr


def test_commands_that_need_no_key_run_in_a_bare_checkout():
    """A fresh clone with nothing set (production mode, no key) can check its migrations."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}

    result = run_manage("makemigrations", "--check", "--dry-run", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_local_run_starts_without_secret_key_when_debug_is_on():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    env["DJANGO_DEBUG"] = "true"

    result = run_manage("check", env=env)

    assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_deploy_check_reports_nothing_with_the_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_deploy_check_fails_without_a_shared_cache_or_a_real_email_route():
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmemcache://", "EMAIL_URL": "consolemail://"}

    result = run_manage("check", "--deploy", env=env)

    assert result.returncode != 0
    assert "mestergruppen.E001" in result.stderr and "CACHE_URL" in result.stderr
    assert "mestergruppen.E002" in result.stderr and "EMAIL_URL" in result.stderr


def deploy_check_errors(*, cache: str, email: str) -> list[str]:
    """The ids our deploy check reports with DEBUG off, this cache and this email route."""
    from django.test import override_settings

    from mestergruppen.checks import check_shared_state_and_email_route

    with override_settings(
        DEBUG=False,
        CACHES={"default": {"BACKEND": f"django.core.cache.backends.{cache}"}},
        EMAIL_BACKEND=email,
    ):
        return [error.id for error in check_shared_state_and_email_route()]


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "cache", ["locmem.LocMemCache", "dummy.DummyCache", "filebased.FileBasedCache"]
)
def test_deploy_check_refuses_a_cache_each_process_keeps_to_itself(cache):
    assert deploy_check_errors(cache=cache, email=SMTP) == ["mestergruppen.E001"]


@pytest.mark.parametrize("cache", ["redis.RedisCache", "db.DatabaseCache"])
def test_deploy_check_accepts_redis_or_the_database_cache(cache):
    assert deploy_check_errors(cache=cache, email="anymail.backends.postmark.EmailBackend") == []


@pytest.mark.parametrize("route", ["console", "filebased", "locmem", "dummy"])
def test_deploy_check_refuses_an_email_route_that_does_not_send(route):
    email = f"django.core.mail.backends.{route}.EmailBackend"
    assert deploy_check_errors(cache="redis.RedisCache", email=email) == ["mestergruppen.E002"]


def test_production_does_not_print_emails_when_no_route_is_set():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "EMAIL_URL"}

    result = run_python(
        "import django, os; os.environ.pop('EMAIL_URL', None); "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'mestergruppen.settings'; "
        "django.setup(); from django.conf import settings; print(settings.EMAIL_BACKEND)",
        env=env,
    )

    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend", result.stderr
