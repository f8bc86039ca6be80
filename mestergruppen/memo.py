"""Values a web process keeps in its own memory: bounded and, where asked, expiring.

The public pages answer most requests from memory (the version of the privacy statement in
force, the subsidiaries offered in the form, rendered pages). Each such store is a `Memo`, so
how many entries it may hold and when an entry expires are written once, here, and tests can
empty every store between tests with `Memo.clear_all()`.

A memo is per process on purpose: what it holds is cheap to compute again and must never
outlive a deploy (a new deploy starts new processes). Shared state (rate limits, anything
several web nodes must agree on) belongs in the shared cache instead.
"""

import time
from collections.abc import Callable, Hashable
from typing import ClassVar, Generic, TypeVar

V = TypeVar("V")

_MISSING = object()


class Memo(Generic[V]):
    """A small dict in this process's memory. When full, the oldest entry makes room; an entry
    given `seconds` (or the memo's default) is gone after that many seconds."""

    _all: ClassVar[list["Memo"]] = []

    def __init__(self, name: str, *, max_entries: int, seconds: float | None = None):
        self.name = name
        self.max_entries = max_entries
        self.seconds = seconds
        # key -> (time.monotonic() after which it has expired, or None; the value)
        self._entries: dict[Hashable, tuple[float | None, V]] = {}
        Memo._all.append(self)

    def get(self, key: Hashable, default=None):
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

    def __len__(self) -> int:
        return len(self._entries)

    @classmethod
    def clear_all(cls) -> None:
        """Empty every memo of this process (tests, whose settings change between tests)."""
        for memo in cls._all:
            memo.clear()
