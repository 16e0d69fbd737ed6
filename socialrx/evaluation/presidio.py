"""presidio-research ``synth_dataset_v2.json`` (MIT): synthetic sentences with PII spans."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from socialrx.errors import DatasetError
from socialrx.evaluation.spans import GoldDocument, GoldSpan

# The mapping of issue #2; ORGANIZATION, TITLE and NRP are present but not scored.
MAPPING: dict[str, str | None] = {
    "PERSON": "phi.name",
    "STREET_ADDRESS": "phi.location",
    "GPE": "phi.location",
    "ZIP_CODE": "phi.location",
    "DATE_TIME": "phi.date",
    "AGE": "phi.age",
    "PHONE_NUMBER": "phi.phone",
    "EMAIL_ADDRESS": "phi.email",
    "DOMAIN_NAME": "phi.url",
    "IP_ADDRESS": "phi.ip",
    "US_SSN": "phi.ssn",
    "CREDIT_CARD": "phi.account",
    "IBAN_CODE": "phi.account",
    "US_DRIVER_LICENSE": "phi.license",
    "ORGANIZATION": None,
    "TITLE": None,
    "NRP": None,
}


def load(path: Path) -> Iterator[GoldDocument]:
    """Read the dataset file (or the folder holding ``synth_dataset_v2.json``)."""
    if path.is_dir():
        path = path / "synth_dataset_v2.json"
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DatasetError(f"cannot read {str(path)!r}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise DatasetError(f"{str(path)!r} is not JSON (line {exc.lineno})") from None
    if not isinstance(records, list):
        raise DatasetError(f"{str(path)!r}: expected a JSON array of records")
    for n, record in enumerate(records):
        try:
            text = record["full_text"]
            spans = tuple(
                GoldSpan(
                    s["start_position"],
                    s["end_position"],
                    MAPPING[s["entity_type"]],
                    s["entity_type"],
                )
                for s in record["spans"]
            )
        except (KeyError, TypeError) as exc:
            raise DatasetError(
                f"{str(path)!r}: record {n} lacks full_text/spans or has an unknown entity "
                f"type ({exc}); expected presidio-research synth_dataset_v2 records"
            ) from None
        yield GoldDocument(str(n), text, spans)
