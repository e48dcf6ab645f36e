#!/usr/bin/env python3
"""What delta-rs (the deltalake package) makes of a Delta table, as JSON.

Usage:
    delta_snapshot.py TABLE_DIR

Prints one JSON object on stdout:
    {"version": N,
     "metadata": {"id", "name", "description", "partition_columns", "configuration", "created_time"},
     "protocol": {"min_reader_version", "min_writer_version"},
     "add_actions": [{"path", "size_bytes", "modification_time", "num_records", "partition_values": {...}}, ...],
     "table": {"num_rows": N, "columns": [...]}}
add_actions are sorted by path; "table" is the table's data sorted by its first
column, in canonical.py's forms. Any failure prints {"error": "message"}.
"""

import json
import sys
import warnings

warnings.filterwarnings("ignore")


def snapshot(path):
    import pyarrow as pa
    import pyarrow.compute as pc
    from deltalake import DeltaTable

    import canonical

    dt = DeltaTable(path)
    m = dt.metadata()
    p = dt.protocol()
    partition_columns = list(m.partition_columns)
    actions = pa.table(dt.get_add_actions(flatten=True)).to_pylist()
    adds = []
    for a in sorted(actions, key=lambda a: a["path"]):
        adds.append({
            "path": a["path"],
            "size_bytes": a["size_bytes"],
            "modification_time": a["modification_time"],
            "num_records": a.get("num_records"),
            "partition_values": {c: a.get(f"partition.{c}") for c in partition_columns},
        })
    table = dt.to_pyarrow_table()
    if table.num_columns:
        table = table.take(pc.sort_indices(table, sort_keys=[(table.column_names[0], "ascending")]))
    return {
        "version": dt.version(),
        "metadata": {"id": m.id, "name": m.name, "description": m.description, "partition_columns": partition_columns,
                     "configuration": dict(m.configuration), "created_time": m.created_time},
        "protocol": {"min_reader_version": p.min_reader_version, "min_writer_version": p.min_writer_version},
        "add_actions": adds,
        "table": canonical.canonical_table(table),
    }


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        result = snapshot(argv[1])
    except Exception as exc:  # noqa: BLE001 - every failure is a result
        result = {"error": f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False, allow_nan=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
