"""What one web process keeps in memory follows a change made in another, through the shared
cache: two memos of the same name stand for the same memo in two processes."""

import pytest

from mestergruppen import memo as memo_module
from mestergruppen.memo import Memo


@pytest.fixture
def two_processes(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(memo_module.time, "monotonic", lambda: clock[0])
    here = Memo("subsidiaries offered (test)", max_entries=4, seconds=30, shared=True)
    there = Memo("subsidiaries offered (test)", max_entries=4, seconds=30, shared=True)
    return here, there, clock


def test_a_change_in_one_process_is_forgotten_by_the_other_within_a_second(two_processes):
    here, there, clock = two_processes
    there.set("offered", ("Blink Hus",))
    assert there.get("offered") == ("Blink Hus",)

    here.forget_everywhere()  # staff renamed a subsidiary in this process
    clock[0] += 0.5
    still_kept_half_a_second_later = there.get("offered")
    clock[0] += 0.6

    assert still_kept_half_a_second_later == ("Blink Hus",)
    assert there.get("offered") is None


def test_the_process_that_made_the_change_keeps_what_it_computes_afterwards(two_processes):
    here, _there, clock = two_processes
    here.forget_everywhere()
    here.set("offered", ("Blink Hus AS",))
    clock[0] += 5

    assert here.get("offered") == ("Blink Hus AS",)


def test_without_a_reachable_shared_cache_the_entries_expire_as_before(two_processes, monkeypatch):
    here, there, clock = two_processes
    monkeypatch.setattr(memo_module, "_shared_generation", lambda name: None)
    monkeypatch.setattr(memo_module, "_advance_shared_generation", lambda name: None)
    there.set("offered", ("Blink Hus",))

    here.forget_everywhere()
    clock[0] += 2
    kept = there.get("offered")
    clock[0] += 30

    assert kept == ("Blink Hus",)
    assert there.get("offered") is None
