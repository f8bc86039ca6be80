"""The numbers behind the admin dashboard, always over `Lead.objects.visible_to(user)`."""

import statistics
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, Min
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from intake import charts
from intake.models import (
    OPEN_STATUSES,
    DeliveryKind,
    DeliveryStatus,
    LeadQuerySet,
    LeadStatus,
    Subsidiary,
)

WEEKS = 12


def _week_starts(now: datetime) -> list[datetime]:
    local = timezone.localtime(now)
    monday = (local - timedelta(days=local.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    return [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def _week_key(moment: datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-{week:02d}"


def _week_label(moment: datetime) -> str:
    return _("uke %(week)d") % {"week": moment.isocalendar()[1]}


def _week_number(label: str) -> str:
    """The chart's axis label: only the number, so twelve weeks fit a phone's width."""
    return label.rsplit(" ", 1)[-1]


def _duration_label(hours: float | None) -> str:
    # number_format writes the decimal the reader's way: «0,1 timer» in Norwegian.
    if hours is None:
        return "–"
    if hours < 48:
        return _("%(hours)s timer") % {"hours": number_format(hours, 1)}
    return _("%(days)s døgn") % {"days": number_format(hours / 24, 1)}


def _empty(message: str):
    """A chart with nothing to show says so in words instead of drawing bare axes."""
    return format_html('<p class="triage-empty-chart">{}</p>', message)


def dashboard_context(visible: LeadQuerySet, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    weeks = _week_starts(now)
    since = weeks[0]
    keys = [_week_key(week) for week in weeks]
    labels = [_week_label(week) for week in weeks]
    return {
        "weeks": labels,
        **_leads_per_subsidiary(visible, weeks, keys, labels),
        **_open_by_status(visible),
        **_time_to_first_contact(visible, weeks, keys, labels),
        **_failed_deliveries(visible, since, keys, labels),
    }


def _weeks_table(weeks: list[datetime]) -> tuple[str, list]:
    """The weeks as rows (index, start, stop) for PostgreSQL to join on: a lead falls in the
    week whose bounds hold its time, found through the index on received_at, instead of
    converting every lead's time to Norwegian time to truncate it to its week (which took
    most of the dashboard's time at a million leads)."""
    stops = [*weeks[1:], weeks[-1] + timedelta(weeks=1)]
    rows = ", ".join(["(%s, %s::timestamptz, %s::timestamptz)"] * len(weeks))
    bounds = enumerate(zip(weeks, stops, strict=True))
    params = [value for i, (start, stop) in bounds for value in (i, start, stop)]
    return f"(VALUES {rows}) AS week (i, start, stop)", params


def _leads_per_week(visible, weeks, keys) -> dict[int | None, dict[str, int]]:
    counts: dict[int | None, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    received = visible.filter(received_at__gte=weeks[0]).order_by()
    if connection.vendor == "postgresql":
        inner, params = received.values("received_at", "subsidiary_id").query.sql_with_params()
        table, week_params = _weeks_table(weeks)
        # Only the ORM's own SQL is interpolated; values travel as parameters.
        sql = (
            f"SELECT week.i, received.subsidiary_id, count(*) FROM {table} "  # noqa: S608
            f"JOIN ({inner}) AS received ON received.received_at >= week.start "
            "AND received.received_at < week.stop GROUP BY 1, 2"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*week_params, *params])
            for i, subsidiary_id, n in cursor.fetchall():
                counts[subsidiary_id][keys[i]] += n
        return counts
    rows = (
        received.annotate(week=TruncWeek("received_at"))
        .values("week", "subsidiary_id")
        .annotate(n=Count("*"))
    )
    for row in rows:
        counts[row["subsidiary_id"]][_week_key(row["week"])] += row["n"]
    return counts


def _leads_per_subsidiary(visible, weeks, keys, labels) -> dict:
    counts = _leads_per_week(visible, weeks, keys)
    names = dict(
        Subsidiary.objects.filter(pk__in=[k for k in counts if k]).values_list("pk", "name")
    )
    ordered = sorted(counts, key=lambda pk: (pk is None, names.get(pk, "")))
    series = [
        charts.Series(
            name=names.get(pk, _("Sentralt")),
            values=[counts[pk][key] for key in keys],
            colour=charts.PALETTE[i % len(charts.PALETTE)],
        )
        for i, pk in enumerate(ordered)
    ]
    total = sum(sum(s.values) for s in series)
    chart = _empty(_("Ingen henvendelser de siste %(weeks)d ukene.") % {"weeks": WEEKS})
    if total:
        chart = charts.stacked_columns(
            "leads-per-week",
            _("Henvendelser per uke og datterselskap"),
            _("Stablede søyler, én per uke de siste %(weeks)d ukene; %(total)d henvendelser i alt.")
            % {"weeks": WEEKS, "total": total},
            labels,
            series,
            short_labels=[_week_number(label) for label in labels],
        )
    return {"per_week_chart": chart, "per_week_series": series, "per_week_total": total}


def _open_by_status(visible) -> dict:
    counts = dict(
        visible.filter(status__in=OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("status", "n")
    )
    items = [(LeadStatus(status).label, counts.get(status, 0)) for status in OPEN_STATUSES]
    chart = _empty(_("Ingen åpne henvendelser."))
    if any(n for _label, n in items):
        chart = charts.horizontal_bars(
            "open-by-status",
            _("Åpne henvendelser etter status"),
            ", ".join(f"{label}: {n}" for label, n in items),
            items,
            colour=charts.PALETTE[2],
        )
    return {"open_chart": chart, "open_items": items, "open_total": sum(n for _l, n in items)}


def _first_contacts(visible, since):
    """(received_at, first move to contacted) for each lead received since `since` that has
    been contacted (`first_contacted_at` is written with that entry of the lead's history)."""
    return (
        visible.filter(received_at__gte=since, first_contacted_at__isnull=False)
        .order_by()
        .values_list("received_at", "first_contacted_at")
    )


def _medians_in_python(rows) -> tuple[dict[str, tuple[float, int]], float | None, int]:
    by_week: dict[str, list[float]] = defaultdict(list)
    every: list[float] = []
    for received_at, first_contact in rows:
        hours = (first_contact - received_at).total_seconds() / 3600
        by_week[_week_key(received_at)].append(hours)
        every.append(hours)
    weekly = {key: (statistics.median(v), len(v)) for key, v in by_week.items()}
    return weekly, (statistics.median(every) if every else None), len(every)


def _medians_in_postgresql(
    rows, weeks, keys
) -> tuple[dict[str, tuple[float, int]], float | None, int]:
    """The same medians computed by PostgreSQL: tens of thousands of rows stay in the
    database instead of crossing into Python. Each lead's week is found by a binary search of
    the weeks' starts (`width_bucket`) rather than by converting its time to Norwegian time."""
    inner, params = rows.query.sql_with_params()
    # Only the ORM's own SQL is interpolated; values travel as parameters.
    sql = (
        "SELECT width_bucket(received_at, %s::timestamptz[]) - 1, "  # noqa: S608
        "percentile_cont(0.5) WITHIN GROUP "
        "(ORDER BY extract(epoch FROM first_contacted_at - received_at)) / 3600.0, count(*) "
        f"FROM ({inner}) AS contacted GROUP BY ROLLUP (1)"
    )
    weekly, overall, count = {}, None, 0
    with connection.cursor() as cursor:
        cursor.execute(sql, [weeks, *params])
        for i, median, n in cursor.fetchall():
            if median is None:  # no contacted lead at all
                continue
            if i is None:
                overall, count = float(median), n
            else:
                weekly[keys[i]] = (float(median), n)
    return weekly, overall, count


def _time_to_first_contact(visible, weeks, keys, labels) -> dict:
    """From each lead's history: the first time it was set to contacted, minus when it came."""
    rows = _first_contacts(visible, weeks[0])
    if connection.vendor == "postgresql":
        weekly, overall, count = _medians_in_postgresql(rows, weeks, keys)
    else:
        weekly, overall, count = _medians_in_python(rows)
    medians = [weekly[key][0] if key in weekly else None for key in keys]
    chart = _empty(
        _("Ingen henvendelser satt til «Kontaktet» de siste %(weeks)d ukene.") % {"weeks": WEEKS}
    )
    if count:
        chart = charts.columns(
            "first-contact",
            _("Median tid til første kontakt per uke"),
            _("Median for henvendelser mottatt de siste %(weeks)d ukene: %(median)s.")
            % {"weeks": WEEKS, "median": _duration_label(overall)},
            labels,
            medians,
            colour=charts.PALETTE[0],
            fmt=lambda v: f"{number_format(v, 0)} t",
            short_labels=[_week_number(label) for label in labels],
        )
    return {
        "contact_chart": chart,
        "contact_median": _duration_label(overall),
        "contact_count": count,
        "contact_rows": [
            (label, _duration_label(m), weekly.get(key, (None, 0))[1])
            for label, m, key in zip(labels, medians, keys, strict=True)
        ],
    }


def _failed_deliveries(visible, since, keys, labels) -> dict:
    problems = [DeliveryStatus.FAILED, DeliveryStatus.BOUNCED, DeliveryStatus.COMPLAINED]
    rows = (
        visible.filter(
            deliveries__kind=DeliveryKind.ROUTING,
            deliveries__status__in=problems,
            deliveries__created_at__gte=since,
        )
        .annotate(week=TruncWeek("deliveries__created_at"))
        .values("week")
        .annotate(n=Count("deliveries"))
        .order_by()
    )
    per_week: dict[str, int] = defaultdict(int)
    for row in rows:
        per_week[_week_key(row["week"])] += row["n"]
    values = [per_week[key] for key in keys]
    latest = list(
        visible.filter(deliveries__kind=DeliveryKind.ROUTING, deliveries__status__in=problems)
        .annotate(problem_at=Min("deliveries__status_changed_at"))
        .order_by("-problem_at")
        .select_related("subsidiary")[:10]
    )
    chart = _empty(_("Ingen utsendinger feilet de siste %(weeks)d ukene.") % {"weeks": WEEKS})
    if sum(values):
        chart = charts.columns(
            "failed-deliveries",
            _("Feilede og avviste utsendinger per uke"),
            _(
                "%(total)d utsendinger til datterselskaper feilet eller ble avvist "
                "de siste %(weeks)d ukene."
            )
            % {"total": sum(values), "weeks": WEEKS},
            labels,
            values,
            colour=charts.PALETTE[1],
            short_labels=[_week_number(label) for label in labels],
        )
    return {
        "failed_chart": chart,
        "failed_rows": list(zip(labels, values, strict=True)),
        "failed_total": sum(values),
        "failed_latest": latest,
    }
