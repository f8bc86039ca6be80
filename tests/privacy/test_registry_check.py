"""The system check that keeps every field of our models classified in the registry."""

import dataclasses

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from privacy.registry import Category, registry


@pytest.fixture
def user_declaration():
    """The user model's declaration, restored after the test changes it."""
    model = get_user_model()
    original = registry.get(model)
    yield original
    registry.unregister(model)
    registry.register(original)


def replace_declaration(original, **changes):
    registry.unregister(original.model)
    registry.register(dataclasses.replace(original, **changes))


def test_project_passes_the_registry_check():
    call_command("check", tags=["models"])


def test_check_fails_naming_a_field_that_is_not_classified(user_declaration):
    fields = {k: v for k, v in user_declaration.fields.items() if k != "email"}
    replace_declaration(user_declaration, fields=fields)

    with pytest.raises(SystemCheckError) as error:
        call_command("check")

    assert "auth.User.email is not classified" in str(error.value)
    assert "privacy.E001" in str(error.value)


def test_check_fails_naming_a_declared_field_that_does_not_exist(user_declaration):
    fields = {**user_declaration.fields, "shoe_size": Category.NOT_PERSONAL}
    replace_declaration(user_declaration, fields=fields)

    with pytest.raises(SystemCheckError) as error:
        call_command("check")

    assert "auth.User.shoe_size does not exist" in str(error.value)
    assert "privacy.E002" in str(error.value)


@pytest.fixture
def restore_registry():
    """Put every declaration back as it was after a test that changes the registry."""
    saved = list(registry)
    yield
    for declaration in list(registry):
        registry.unregister(declaration.model)
    for declaration in saved:
        registry.register(declaration)


def check_messages() -> str:
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    return str(error.value)


def test_check_names_every_field_of_a_model_in_our_apps_that_is_not_declared(restore_registry):
    registry.unregister("registry_testapp.Ticket")
    # The attachment is found through the ticket, which is no longer declared.
    messages = check_messages()

    assert "registry_testapp.Ticket.email is not classified" in messages
    assert "registry_testapp.Ticket.body is not classified" in messages
    assert "privacy.E005" in messages


def test_check_fails_when_a_personal_model_does_not_say_how_it_is_erased(restore_registry):
    original = registry.get("registry_testapp.Ticket")
    replace_declaration(original, erasure=None, retention=None)

    messages = check_messages()

    assert "registry_testapp.Ticket holds personal data" in messages
    assert "retention, erasure" in messages
    assert "privacy.E003" in messages


def test_check_fails_when_an_anonymisation_forgets_a_personal_field(restore_registry):
    original = registry.get("registry_testapp.Member")
    erasure = dataclasses.replace(
        original.erasure, replace={k: v for k, v in original.erasure.replace.items() if k != "note"}
    )
    replace_declaration(original, erasure=erasure)

    messages = check_messages()

    assert "registry_testapp.Member.note is personal, but the anonymisation neither" in messages
    assert "privacy.E004" in messages


def test_check_names_a_misspelt_lookup_field(restore_registry):
    from privacy.registry import FindBy

    original = registry.get("registry_testapp.Member")
    replace_declaration(original, find=FindBy(email="e_mail", phone="phone"))

    messages = check_messages()

    assert "registry_testapp.Member.e_mail does not exist" in messages
    assert "FindBy.email" in messages


def test_check_fails_when_a_person_would_be_found_by_a_field_without_an_index(
    restore_registry,
):
    from privacy.registry import FindBy

    original = registry.get("registry_testapp.Member")
    replace_declaration(original, find=FindBy(email="email", phone="company"))

    messages = check_messages()

    assert "registry_testapp.Member.company is how the registry finds a person" in messages
    assert "privacy.E007" in messages
    assert "registry_testapp.Member.email is how" not in messages


@pytest.mark.parametrize(
    "label, field",
    [
        ("admin.LogEntry", "object_repr"),
        ("sessions.Session", "session_data"),
        ("django_tasks_database.DBTaskResult", "traceback"),
        ("axes.AccessAttempt", "username"),
    ],
)
def test_check_covers_the_tables_of_django_and_the_installed_packages(
    restore_registry, label, field
):
    registry.unregister(label)

    messages = check_messages()

    assert f"{label}.{field} is not classified" in messages


def test_a_package_model_left_out_with_a_reason_passes_and_one_not_left_out_fails(
    restore_registry,
):
    from django.contrib.contenttypes.models import ContentType

    reason = registry.left_out.pop(ContentType)
    try:
        messages = check_messages()
    finally:
        registry.leave_out(ContentType, reason=reason)

    assert "contenttypes.ContentType.app_label is not classified" in messages
    call_command("check", tags=["models"])


def test_check_fails_when_a_retention_rule_does_not_say_what_happens_at_expiry(restore_registry):
    original = registry.get("registry_testapp.Member")
    replace_declaration(original, retention=dataclasses.replace(original.retention, then=None))

    messages = check_messages()

    assert "registry_testapp.Member: the retention rule expires rows but does not say" in messages
    assert "privacy.E006" in messages


def test_every_table_with_personal_data_has_a_retention_rule_saying_what_happens_then():
    for declaration in registry.with_personal_data():
        retention = declaration.retention
        assert retention is not None, declaration.label
        if retention.expires_by_itself or retention.parent:
            assert retention.then is not None, declaration.label
