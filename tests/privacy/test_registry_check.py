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
