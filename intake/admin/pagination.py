"""The lead list counts its rows up to a cap, not all of them."""

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts at most `cap` + 1 rows: enough to number the pages of the first `cap` rows and to
    tell that there are more. An exact count of a million leads reads every one of them on each
    page view (most of the list's time, whatever the page shows); the count of what a filter or
    search leaves is exact as long as it is under the cap, and filters, search and sorting reach
    whatever lies past it."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        # Any cap + 1 rows will do, so no ORDER BY: the database stops at the first it finds.
        return self.object_list.values("pk").order_by()[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def cap_display(self) -> str:
        return number_format(self.cap, force_grouping=True)
