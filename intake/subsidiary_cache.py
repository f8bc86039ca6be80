"""The subsidiaries offered in the contact form, kept in this process's memory.

Every visit to the form and every submission needs them, and they change only when staff
edit a subsidiary. Every process forgets them when one saves or deletes one
(intake/receivers.py): the one that saved at once, the others within a second through the
shared cache (`Memo(shared=True)`), or after OFFERED_SECONDS without one. So an edit shows
on the form at once for the one who made it and within a second for everyone.

What is kept only decides what the form shows and which choices it accepts. Where a lead goes
is read inside the submission's own transaction (`Subsidiary.recipients_for`), so a routing
rule changed a second ago already counts, and a submission naming a subsidiary deleted in
the meantime is shown the form again (intake/views.py), never lost.
"""

from intake.models import Subsidiary
from mestergruppen.memo import Memo

OFFERED_SECONDS = 30

_offered: Memo[tuple[Subsidiary, ...]] = Memo(
    "offered subsidiaries", max_entries=1, seconds=OFFERED_SECONDS, shared=True
)


def offered_subsidiaries() -> tuple[Subsidiary, ...]:
    """The subsidiaries offered in the form, in its order. Treat them as read-only: the same
    instances serve every request of this process."""
    return _offered.get_or_set("offered", lambda: tuple(Subsidiary.objects.offered_in_form()))


def offered_subsidiary(pk: int) -> Subsidiary | None:
    return next((s for s in offered_subsidiaries() if s.pk == pk), None)


def forget_offered_subsidiaries() -> None:
    """After an edit: the next request of every process asks again."""
    _offered.forget_everywhere()
