"""What the signals read from the store: the inbound items received in a period with their
decrypted texts, in batches, for ``socialrx.signals.run.compute`` to read once. Nothing is kept
or written: the texts live only while one batch is read (``yield_per``), and only counts,
normalised terms and item ids come out of the computation.

Inbound items have no region column: ``region`` is ``None`` (unknown) for every item.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialrx.errors import InputError
from socialrx.store.models import InboundItem

BATCH = 500


class InboundText(NamedTuple):
    """An inbound item as the signals read it (``repr`` never shows the text)."""

    id: int
    received_at: datetime
    channel: str
    text: str
    labels: tuple[str, ...]
    region: str | None

    def __repr__(self) -> str:
        return f"InboundText(id={self.id!r}, channel={self.channel!r}, chars={len(self.text)})"


def inbound_texts(session: Session, start: datetime, end: datetime) -> Iterator[InboundText]:
    """The inbound items received in [start, end) (aware), oldest first, decrypted one batch
    at a time."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InputError("a period is given in aware (UTC) datetimes")
    if end <= start:
        raise InputError("a period must end after it starts")
    query = (
        select(InboundItem.id, InboundItem.received_at, InboundItem.channel, InboundItem.text,
               InboundItem.label_names)
        .where(InboundItem.received_at >= start, InboundItem.received_at < end)
        .order_by(InboundItem.received_at, InboundItem.id)
        .execution_options(yield_per=BATCH)
    )  # fmt: skip
    for item_id, received, channel, text, names in session.execute(query):
        labels = tuple(name for name in (names or "").split(",") if name)
        yield InboundText(item_id, received, channel, text, labels, None)
