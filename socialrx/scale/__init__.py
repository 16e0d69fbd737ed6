"""Scale-out: analysing archives and streams larger than one process.

- ``socialrx.scale.work``: the unit both engines share: numbered input items → contract
  records, with the pipeline built once per worker from the policy's plain TOML source.
- ``socialrx.scale.files``: JSON-lines and Parquet input and output.
- ``socialrx.scale.local``: the embedded engine (processes on one machine).
- ``socialrx.scale.spark``: the same work on Apache Spark (``mapInArrow``), for DataFrames and
  files (the ``spark`` extra).
- ``socialrx.scale.stream``: a Structured Streaming job with checkpointing; its sources are a
  directory and socialrx's own ingest queue (``socialrx.scale.inbound_source``).

Both engines give the same records, in input order, one per input item (an error record for an
item that cannot be analysed). See docs/scale.md.
"""
