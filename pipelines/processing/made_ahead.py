"""Values made ahead in another process (an extraction worker), waiting for this one.

A worker sends a text's sketch and normal form with its document; the storage step here takes
each once instead of making it again. Bounded: the oldest go first, so a value never taken
(its document failed to store) cannot pile up.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

V = TypeVar("V")

LIMIT = 1024  # more than a crawl or re-extraction has between extraction and storage


class MadeAhead(Generic[V]):
    """Values by text, each taken once."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._values: OrderedDict[str, V] = OrderedDict()
        self.limit = limit

    def put(self, text: str, value: V) -> None:
        self._values[text] = value
        while len(self._values) > self.limit:
            self._values.popitem(last=False)

    def take(self, text: str) -> V | None:
        return self._values.pop(text, None)
