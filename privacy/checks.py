"""The system check that keeps the registry complete (ARCHITECTURE.md, "Invariants").

privacy.E001  a field of a model in our apps (or of the user model) is not classified
privacy.E002  a declaration names a field that does not exist
privacy.E003  a model with personal fields lacks how to find, why, whose, how long or how to erase
privacy.E004  an anonymisation neither replaces nor keeps (with a reason) a personal field
privacy.E005  `FindBy(through=...)` is not a foreign key to a model declared with its own FindBy
privacy.E006  a retention rule that expires rows does not say what happens to them (`then=`)
privacy.E007  a field of one of our models that `FindBy(email=/phone=)` searches has no index

The check covers every installed model: our apps', Django's and the packages' (the admin's
history, sessions, task results, sign-in attempts). A package's model without personal data
may be left out with a reason (`registry.leave_out`) instead of being declared.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.db import models
from django.db.models.functions import Upper

from privacy.registry import Anonymise, ModelDeclaration, registry


def is_project_app(app_config: AppConfig) -> bool:
    """Our own apps: those whose code lives in this repository, not in an installed package."""
    path = Path(app_config.path).resolve()
    base = Path(settings.BASE_DIR).resolve()
    if not path.is_relative_to(base):
        return False
    parts = path.relative_to(base).parts
    return "site-packages" not in parts and ".venv" not in parts


def models_in_scope() -> list[type[models.Model]]:
    """Every model whose fields must be classified: every installed model (ours, Django's,
    the packages') except those left out with a reason."""
    found: list[type[models.Model]] = []
    for app_config in apps.get_app_configs():
        for model in app_config.get_models():
            if model._meta.proxy:
                continue  # a proxy has no fields of its own; its concrete model is checked
            if not model._meta.managed and not is_project_app(app_config):
                continue
            if model in registry.left_out:
                continue
            found.append(model)
    user_model = get_user_model()
    if user_model not in found:
        found.append(user_model)
    return found


def classifiable_fields(model: type[models.Model]) -> list[str]:
    """The fields a declaration must classify: local concrete and many-to-many fields."""
    opts = model._meta
    return [f.name for f in opts.local_concrete_fields] + [f.name for f in opts.local_many_to_many]


@checks.register(checks.Tags.models)
def check_personal_data_registry(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    for model in models_in_scope():
        if model in registry:
            continue
        for name in classifiable_fields(model):
            errors.append(_unclassified(model, name))
    for declaration in registry:
        errors.extend(_check_declaration(declaration))
    return errors


def _unclassified(model, name: str, *, declaration: ModelDeclaration | None = None):
    where = f"{model._meta.app_label}/personal_data.py"
    return checks.Error(
        f"{model._meta.label}.{name} is not classified in the personal-data registry.",
        hint=(
            f"Add '{name}' to the fields of the declaration of {model._meta.object_name} in "
            f"{declaration.module or where}: a Category (personal) or Category.NOT_PERSONAL."
            if declaration
            else f"Declare {model._meta.object_name} with privacy.registry.declare() in {where} "
            f"and classify '{name}': a Category (personal) or Category.NOT_PERSONAL."
        ),
        obj=model,
        id="privacy.E001",
    )


def _missing_field(declaration: ModelDeclaration, name: str, role: str) -> checks.Error:
    return checks.Error(
        f"{declaration.label}.{name} does not exist, but the personal-data declaration names "
        f"it ({role}).",
        hint=f"Fix the declaration in {declaration.module or 'its personal_data.py'}.",
        obj=declaration.model,
        id="privacy.E002",
    )


def _check_declaration(declaration: ModelDeclaration) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    model = declaration.model
    existing = classifiable_fields(model)
    all_names = {f.name for f in model._meta.get_fields()}

    for name in existing:
        if name not in declaration.fields:
            errors.append(_unclassified(model, name, declaration=declaration))
    for name in declaration.fields:
        if name not in existing:
            errors.append(_missing_field(declaration, name, "fields"))

    find = declaration.find
    if find is not None:
        for role, name in (("FindBy.email", find.email), ("FindBy.phone", find.phone)):
            if name and name not in existing:
                errors.append(_missing_field(declaration, name, role))
        if find.through:
            errors.extend(_check_through(declaration, find.through))
        errors.extend(_check_find_indexes(declaration))

    retention = declaration.retention
    if retention is not None:
        if retention.date_field and retention.date_field not in existing:
            errors.append(_missing_field(declaration, retention.date_field, "Retention.after"))
        if retention.parent and retention.parent not in all_names:
            errors.append(_missing_field(declaration, retention.parent, "Retention.with_parent"))

    if (
        retention is not None
        and retention.then is None
        and (retention.expires_by_itself or retention.parent)
    ):
        errors.append(
            checks.Error(
                f"{declaration.label}: the retention rule expires rows but does not say what "
                "happens to them.",
                hint="Add then=Delete(), then=Anonymise(...) or then=Keep(reason) to the "
                f"Retention in {declaration.module or 'its personal_data.py'}.",
                obj=model,
                id="privacy.E006",
            )
        )
    if isinstance(retention.then if retention else None, Anonymise):
        errors.extend(_check_anonymise(declaration, retention.then, "Retention(then=Anonymise)"))
    for case in retention.cases if retention else ():
        if isinstance(case.then, Anonymise):
            errors.extend(_check_anonymise(declaration, case.then, "RowsThen(then=Anonymise)"))

    erasure = declaration.erasure
    if isinstance(erasure, Anonymise) and erasure is not (retention.then if retention else None):
        errors.extend(_check_anonymise(declaration, erasure, "Anonymise"))

    if declaration.holds_personal_data:
        missing = [
            what
            for what, value in (
                ("find", declaration.find),
                ("subjects", declaration.subjects),
                ("purposes", declaration.purposes),
                ("retention", declaration.retention),
                ("erasure", declaration.erasure),
            )
            if not value
        ]
        if missing:
            errors.append(
                checks.Error(
                    f"{declaration.label} holds personal data, but its declaration has no "
                    f"{', '.join(missing)}.",
                    hint="A model with personal fields says how a person's rows are found, "
                    "whose data it is, why it is kept, for how long and how it is erased.",
                    obj=model,
                    id="privacy.E003",
                )
            )
    return errors


def _check_anonymise(
    declaration: ModelDeclaration, strategy: Anonymise, role: str
) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    existing = classifiable_fields(declaration.model)
    for name in [*strategy.replace, *strategy.keep]:
        if name not in existing:
            errors.append(_missing_field(declaration, name, role))
    for name in declaration.personal_fields:
        replaced, kept = name in strategy.replace, name in strategy.keep
        if replaced == kept:
            problem = "both replaces and keeps it" if replaced else "neither replaces nor keeps it"
            errors.append(
                checks.Error(
                    f"{declaration.label}.{name} is personal, but the anonymisation {problem}.",
                    hint="Give a replacement value in Anonymise(replace=...) or a reason "
                    "in Anonymise(keep=...).",
                    obj=declaration.model,
                    id="privacy.E004",
                )
            )
    return errors


def _check_through(declaration: ModelDeclaration, name: str) -> list[checks.CheckMessage]:
    try:
        relation = declaration.model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends: report, do not crash
        return [_missing_field(declaration, name, "FindBy.through")]
    target = relation.related_model if relation.is_relation else None
    target_declaration = registry.get(target) if target is not None else None
    if (
        not (relation.many_to_one or relation.one_to_one)
        or target_declaration is None
        or target_declaration.find is None
    ):
        return [
            checks.Error(
                f"{declaration.label}.{name} cannot be used in FindBy(through=...): it must be a "
                "foreign key to a model declared with its own FindBy.",
                obj=declaration.model,
                id="privacy.E005",
            )
        ]
    return []


def _first_columns(model: type[models.Model]) -> set[str]:
    """The fields an index of the model starts with, and `upper:<field>` for an index on
    Upper(field)."""
    opts = model._meta
    first = {f.name for f in opts.local_concrete_fields if f.db_index or f.unique or f.primary_key}
    for index in opts.indexes:
        if index.fields:
            first.add(index.fields[0].lstrip("-"))
        elif index.expressions:
            expression = index.expressions[0]
            if isinstance(expression, Upper):
                source = expression.get_source_expressions()[0]
                if isinstance(source, models.F):
                    first.add(f"upper:{source.name}")
    for constraint in opts.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            first.add(constraint.fields[0])
    return first


def _check_find_indexes(declaration: ModelDeclaration) -> list[checks.CheckMessage]:
    """Finding a person (a data-subject request, Mine data) must not read a whole table: on
    PostgreSQL with a million leads a sequential scan costs a second, an index a millisecond.
    Only our own models: a package's table cannot get an index from us."""
    model = declaration.model
    find = declaration.find
    if model._meta.proxy or not is_project_app(apps.get_app_config(model._meta.app_label)):
        return []
    indexed = _first_columns(model)
    errors = []
    for role, name in (("email", find.email), ("phone", find.phone)):
        if not name or name not in classifiable_fields(model):
            continue
        wanted = name if role == "phone" or find.email_normalised else f"upper:{name}"
        if wanted in indexed:
            continue
        index = (
            f'models.Index(fields=["{name}"], name=...)'
            if wanted == name
            else f'models.Index(Upper("{name}"), name=...)'
        )
        errors.append(
            checks.Error(
                f"{declaration.label}.{name} is how the registry finds a person "
                f"(FindBy.{role}), but no index starts with it.",
                hint=f"Add {index} to {model.__name__}.Meta.indexes, with a comment naming "
                "the registry's look-up, and make the migration.",
                obj=model,
                id="privacy.E007",
            )
        )
    return errors
