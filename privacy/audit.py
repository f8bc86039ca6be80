"""The public API for the access log: every view, change, export or forwarding of personal
data is attributable to a person (ARCHITECTURE.md, journey 3)."""

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from privacy.models import AccessAction, AccessRecord

__all__ = ["AccessAction", "record_access"]


def record_access(
    *,
    actor,
    action: str,
    obj: models.Model | type[models.Model],
    label: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AccessRecord:
    """Write one access record.

    `obj` is the record that was accessed, or its model class when the access covers many
    records at once (an export); then `detail` says how many and which selection. `label` names
    the record in the log (default: `str(obj)`); pass something that is not itself personal
    data, such as a reference number. Neither may repeat the personal data itself: the log
    would become a second copy of it.
    """
    if isinstance(obj, type):
        model, object_id, object_repr = obj, "", ""
    else:
        model, object_id = type(obj), str(obj.pk)
        object_repr = (str(obj) if label is None else label)[:200]
    return AccessRecord.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "get_username", lambda: "")()[:150],
        action=AccessAction(action),
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id=object_id,
        object_repr=object_repr,
        detail=dict(detail or {}),
    )
