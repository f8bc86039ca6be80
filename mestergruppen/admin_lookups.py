"""Admin list filters typed into the address answer "invalid filter", never a server error.

The admin applies any query-string lookup on a model's own fields (`?received_at__year=…`,
`?email__regex=…`), not only the filters in the sidebar. Django checks that the lookup exists,
but some values fail only once the query is compiled or run: a year beyond 9999 while the
date bounds are computed, a broken regular expression or an out-of-range number inside
PostgreSQL. The list then failed with a 500 for staff, and so did its export. When such
free-typed lookups are present, the list is probed once in a savepoint and a failure is
Django's own "invalid filter" answer (the list shows again without them); lists filtered
through the sidebar alone cost nothing extra.
"""

from datetime import date
from urllib.parse import parse_qsl, quote

from django.contrib.admin import ModelAdmin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.db import DatabaseError, transaction
from django.http import QueryDict


class ReadableLookupsChangeList(ChangeList):
    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except OverflowError as error:
            # A date hierarchy's year too large for a C long (`?started_at__year=999…`): Django
            # builds a datetime from it here and turns only a ValueError into "invalid filter".
            raise IncorrectLookupParameters(error) from error
        self.free_lookups = filters[2]  # what no declared filter took
        return filters

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if self.free_lookups:
            try:
                with transaction.atomic(using=queryset.db):
                    queryset.exists()
            except (ValueError, OverflowError, DatabaseError) as error:
                raise IncorrectLookupParameters(error) from error
        return queryset


class ReadableLookupsMixin:
    """For every ModelAdmin of the project (tests/intake/test_triage_hostile_filters.py)."""

    def get_changelist(self, request, **kwargs):
        return ReadableLookupsChangeList


def read_filters_safely_everywhere(site) -> None:
    """The same for the lists the libraries register (users, groups, django-axes' sign-in
    records, tasks): their admins accept typed lookups too, and a broken pattern on an
    address column failed inside PostgreSQL for the staff who typed it."""
    for model_admin in site._registry.values():
        if model_admin.get_changelist.__func__ is ModelAdmin.get_changelist:
            model_admin.get_changelist = _readable_lookups_changelist


def _readable_lookups_changelist(request, **kwargs):
    return ReadableLookupsChangeList


def selection_for_log(changelist: ChangeList, query: QueryDict) -> str:
    """The filter of a list as the access log may keep it (an export, an action on every
    row): each parameter by name, with its value only when it is one the sidebar offers (a
    status, a subsidiary's id, a county) or a date. A search term or any value typed into
    the address becomes "…": it can be a person's name, email address or phone number, and
    the access log is kept for years and erased by no one."""
    offered, dated = set(), set()
    for spec in changelist.filter_specs:
        own = set(spec.expected_parameters() or [])
        dated |= own
        for choice in spec.choices(changelist):
            # A choice's link keeps the rest of the current query: only its own part counts.
            pairs = parse_qsl(choice.get("query_string", "").lstrip("?"), keep_blank_values=True)
            offered.update((name, value) for name, value in pairs if name in own)
    parts = []
    for name, values in query.lists():
        for value in values:
            kept = (name, value) in offered or (name in dated and _is_date(value))
            parts.append(f"{quote(name, safe='_')}={quote(value, safe='-') if kept else '…'}")
    return "&".join(parts)


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
