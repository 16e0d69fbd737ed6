"""socialrx's own ingest queue as a Spark streaming source (PySpark's Python Data Source API).

``spark.readStream.format("socialrx-inbound").load()`` gives the inbound items (mentions,
comments, DMs, reviews) in the order they were ingested, as ``seq`` (the item's id), ``channel``
(the platform channel's name), ``text`` (decrypted) and ``received_at``. The offset is the last
item id read, kept in the query's checkpoint, so a restarted query continues where it stopped
and never reads an item twice. Executors open the database from their own environment
(``SOCIALRX_DATABASE_URL`` and the key settings, as every socialrx process does).

Option ``settle_seconds`` (default 10): an item becomes readable only that long after it was
received, so that an ingest still committing (on PostgreSQL, ids are handed out before commit)
is not skipped. Option ``partition_items`` (default 5000): items per read partition.

Items are read once, as first ingested: an edit of an item already read (the platform's edit of
a comment) is not read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pyspark.sql.datasource import DataSource, DataSourceStreamReader, InputPartition

NAME = "socialrx-inbound"
SCHEMA = "seq bigint, channel string, text string, received_at timestamp"


@dataclass
class Range(InputPartition):
    """Items with ``after < id <= upto``."""

    after: int
    upto: int


class InboundSource(DataSource):
    """The ingest queue as a streaming source (register with
    ``spark.dataSource.register(InboundSource)``)."""

    @classmethod
    def name(cls) -> str:
        return NAME

    def schema(self) -> str:
        return SCHEMA

    def streamReader(self, schema: Any) -> DataSourceStreamReader:
        return InboundReader(dict(self.options))


class InboundReader(DataSourceStreamReader):
    def __init__(self, options: dict[str, str]) -> None:
        self.settle = float(options.get("settle_seconds", "10"))
        self.size = int(options.get("partition_items", "5000"))
        if self.settle < 0 or self.size < 1:
            raise ValueError("settle_seconds must be ≥ 0 and partition_items ≥ 1")

    def initialOffset(self) -> dict[str, int]:
        return {"seq": 0}

    def latestOffset(
        self, start: dict[Any, Any] | None = None, limit: Any = None
    ) -> dict[str, int]:
        """The newest settled item (PySpark 4.0 calls this without arguments; later versions
        pass the start offset and a read limit, which this source does not need)."""
        from socialrx.store import inbound

        before = datetime.now(UTC) - timedelta(seconds=self.settle)
        database = _database()
        try:
            with database.transaction() as session:
                return {"seq": inbound.newest_settled(session, before)}
        finally:
            database.dispose()

    def partitions(self, start: dict[str, int], end: dict[str, int]) -> list[InputPartition]:
        after, upto = int(start["seq"]), int(end["seq"])
        return [Range(a, min(a + self.size, upto)) for a in range(after, upto, self.size)]

    def read(self, partition: InputPartition) -> Iterator[tuple[Any, ...]]:
        from socialrx.store import inbound

        if not isinstance(partition, Range):
            raise TypeError(f"expected a Range partition, got {type(partition).__name__}")
        database = _database()
        try:
            with database.transaction() as session:
                rows = [(item.id, item.channel, item.text, item.received_at)
                        for item in inbound.in_range(session, partition.after, partition.upto)]  # fmt: skip
        finally:
            database.dispose()
        yield from rows

    def commit(self, end: dict[str, int]) -> None:
        """Nothing to release: the offset in the checkpoint is all the state there is."""


def _database() -> Any:
    from socialrx.settings import load_settings
    from socialrx.store.database import Database

    return Database(load_settings())
