"""The contract record as columns: one Arrow schema (Parquet output, Spark's ``mapInArrow``)
and the same columns as a Spark DDL string. An error record has ``id`` and ``error`` and nulls
elsewhere; an analysis has a null ``error``.

pyarrow is imported only when columns are built (the ``spark`` and ``parquet`` extras).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

FINDING = (
    "struct<code: string, start: bigint, end: bigint, text: string, score: double, "
    "detector: string, why: string>"
)
LABEL = "struct<name: string, score: double>"
ESCALATION = "struct<contact: string, country: string, crisis_line: string>"

# Column name → Spark SQL type, in the contract record's order.
COLUMNS: dict[str, str] = {
    "id": "string",
    "channel": "string",
    "decision": "string",
    "policy": "string",
    "findings": f"array<{FINDING}>",
    "labels": f"array<{LABEL}>",
    "sentiment": "string",
    "sentiment_score": "double",
    "escalation": ESCALATION,
    "error": "string",
}
RECORD_DDL = ", ".join(f"`{name}` {kind}" for name, kind in COLUMNS.items())


def record_schema() -> pa.Schema:
    """The Arrow schema of a contract record (the same columns as ``RECORD_DDL``)."""
    import pyarrow as pa

    string, double, int64 = pa.string(), pa.float64(), pa.int64()
    finding = pa.struct([("code", string), ("start", int64), ("end", int64), ("text", string),
                         ("score", double), ("detector", string), ("why", string)])  # fmt: skip
    label = pa.struct([("name", string), ("score", double)])
    escalation = pa.struct([("contact", string), ("country", string), ("crisis_line", string)])
    return pa.schema([
        ("id", string), ("channel", string), ("decision", string), ("policy", string),
        ("findings", pa.list_(finding)), ("labels", pa.list_(label)), ("sentiment", string),
        ("sentiment_score", double), ("escalation", escalation), ("error", string),
    ])  # fmt: skip


def record_batch(records: list[dict[str, Any]], schema: pa.Schema | None = None) -> pa.RecordBatch:
    """Records as one Arrow record batch of ``schema`` (the record schema by default; a wider
    schema's extra columns must be present in every record)."""
    import pyarrow as pa

    return pa.RecordBatch.from_pylist(records, schema=schema or record_schema())


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A record read back from the columns: an error record keeps only ``id`` and ``error``,
    an analysis drops the null ``error`` (so it equals the JSON line's record)."""
    if row.get("error") is not None:
        return {"id": row["id"], "error": row["error"]}
    return {name: row[name] for name in COLUMNS if name != "error"}
