"""The import command loads statement versions from Markdown files with front matter."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from privacy.models import PrivacyStatement
from privacy.statement_files import INITIAL_STATEMENT, read_statement

pytestmark = pytest.mark.django_db

NEXT_VERSION = """---
version: "2031-01-01"
effective_date: 2031-01-01
language: nb
title: "Personvernerklæring"
change_summary: "Ny adresse."
---

# Personvernerklæring

## 1. Innledning

Tekst.
"""


def test_a_fresh_database_has_the_shipped_statement_published_by_the_migrations():
    # No fixture: this is what `make run`, the test database and production get from migrate.
    # (pytest-django runs transactional tests, which empty the database, after this kind.)
    statement = PrivacyStatement.objects.published().current(language="nb")

    assert statement is not None
    assert statement.version == "2024-01-26"
    assert statement.title.startswith("Personvernerklæring for Mestergruppen.no")
    assert statement.body == read_statement(INITIAL_STATEMENT).body


def test_importing_the_shipped_statement_again_changes_nothing(privacy_statement, capsys):
    call_command("import_privacy_statement", str(INITIAL_STATEMENT), publish=True)

    assert "unchanged" in capsys.readouterr().out
    assert PrivacyStatement.objects.filter(version="2024-01-26").count() == 1


def test_import_creates_a_later_version_as_draft_and_publishes_it_on_request(tmp_path):
    path = tmp_path / "next.nb.md"
    path.write_text(NEXT_VERSION, encoding="utf-8")

    call_command("import_privacy_statement", str(path))
    draft = PrivacyStatement.objects.get(version="2031-01-01")
    assert not draft.is_published
    assert draft.change_summary == "Ny adresse."

    call_command("import_privacy_statement", str(path), publish=True)
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.effective_date == datetime.date(2031, 1, 1)


def test_import_refuses_to_change_a_published_version(privacy_statement, tmp_path):
    changed = INITIAL_STATEMENT.read_text(encoding="utf-8").replace("Innledning", "Forord")
    path = tmp_path / "changed.nb.md"
    path.write_text(changed, encoding="utf-8")

    with pytest.raises(CommandError, match="cannot change"):
        call_command("import_privacy_statement", str(path))

    privacy_statement.refresh_from_db()
    assert "Innledning" in privacy_statement.body


def test_import_explains_a_file_without_front_matter(tmp_path):
    path = tmp_path / "bare.md"
    path.write_text("# Bare tekst\n", encoding="utf-8")

    with pytest.raises(CommandError, match="front matter"):
        call_command("import_privacy_statement", str(path))
