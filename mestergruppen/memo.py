"""Values a web process keeps in its own memory: bounded and, where asked, expiring.

The public pages answer most requests from memory (the version of the privacy statement in
force, the subsidiaries offered in the form, rendered pages). Each such store is a `Memo`, so
how many entries it may hold and when an entry expires are written once, here, and tests can
empty every store between tests with `Memo.clear_all()`.

A memo is per process on purpose: what it holds is cheap to compute again and must never
outlive a deploy (a new deploy starts new processes). Shared state (rate limits, anything
several web nodes must agree on) belongs in the shared cache instead.

A memo made with `shared=True` holds what staff can change (a subsidiary, a statement version):
`forget_everywhere()` after the change empties it in this process at once and, through a
generation counter in the shared cache (Redis when there are several web nodes), in every
other process within `SHARED_CHECK_SECONDS`; each process reads the counter at most that
often, so the page served from memory costs one cache read a second, not one per request.
Without a shared cache (one process, or the cache unreachable) the entries' own expiry is
the bound.
"""

import logging
import time
from collections.abc import Callable, Hashable
from typing import ClassVar, Generic, TypeVar

from django.core.cache import cache

V = TypeVar("V")

_MISSING = object()
logger = logging.getLogger(__name__)

SHARED_CHECK_SECONDS = 1.0


def _generation_key(name: str) -> str:
    # No spaces: cache backends warn about keys memcached could not store.
    return "memo-generation:" + name.replace(" ", "-")


def _shared_generation(name: str) -> int | None:
    try:
        return cache.get(_generation_key(name))
    except Exception:  # noqa: BLE001 - an unreachable cache leaves the expiry as the bound
        return None


def _advance_shared_generation(name: str) -> None:
    key = _generation_key(name)
    try:
        try:
            cache.incr(key)
        except ValueError:  # not there yet (or evicted): any new value tells others
            cache.set(key, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001 - as above
        logger.warning("Could not tell the other web processes that %s changed", name)


class Memo(Generic[V]):
    """A small dict in this process's memory. When full, the oldest entry makes room; an entry
    given `seconds` (or the memo's default) is gone after that many seconds."""

    _all: ClassVar[list["Memo"]] = []

    def __init__(
        self, name: str, *, max_entries: int, seconds: float | None = None, shared: bool = False
    ):
        self.name = name
        self.max_entries = max_entries
        self.seconds = seconds
        self.shared = shared
        # key -> (time.monotonic() after which it has expired, or None; the value)
        self._entries: dict[Hashable, tuple[float | None, V]] = {}
        self._generation: int | None = None
        self._generation_checked_at = float("-inf")
        Memo._all.append(self)

    def _follow_other_processes(self) -> None:
        now = time.monotonic()
        if now - self._generation_checked_at < SHARED_CHECK_SECONDS:
            return
        self._generation_checked_at = now
        generation = _shared_generation(self.name)
        if generation != self._generation:
            self._entries.clear()
            self._generation = generation

    def get(self, key: Hashable, default=None):
        if self.shared:
            self._follow_other_processes()
        entry = self._entries.get(key, _MISSING)
        if entry is _MISSING:
            return default
        expires, value = entry
        if expires is not None and expires <= time.monotonic():
            self._entries.pop(key, None)
            return default
        return value

    def set(self, key: Hashable, value: V, *, seconds: float | None = None) -> V:
        seconds = self.seconds if seconds is None else seconds
        expires = None if seconds is None else time.monotonic() + seconds
        self._entries.pop(key, None)
        while len(self._entries) >= self.max_entries:
            # The oldest entry goes first (dicts keep insertion order).
            self._entries.pop(next(iter(self._entries)), None)
        self._entries[key] = (expires, value)
        return value

    def get_or_set(self, key: Hashable, compute: Callable[[], V]) -> V:
        value = self.get(key, _MISSING)
        return self.set(key, compute()) if value is _MISSING else value

    def delete(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def forget_everywhere(self) -> None:
        """After a change to what it holds: this process forgets now, the others within
        SHARED_CHECK_SECONDS (a `shared` memo; the others by expiry otherwise)."""
        self._entries.clear()
        if self.shared:
            _advance_shared_generation(self.name)
            # This process has seen the change; no need to empty it again on the next read.
            self._generation = _shared_generation(self.name)
            self._generation_checked_at = time.monotonic()

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def clear_all(cls) -> None:
        """Empty every memo of this process (tests, whose settings change between tests)."""
        for memo in cls._all:
            memo.clear()
