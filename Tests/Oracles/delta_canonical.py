#!/usr/bin/env python3
"""Canonical values of Delta tables, as delta-rs (the `deltalake` package) reads them.

Usage:
    delta_canonical.py [--version V] TABLE...

Prints one JSON object {TABLE: RESULT, ...}, RESULT as in canonical.py:
{"error": "..."} or {"num_rows": N, "columns": [{"name", "type", "values"}]}.
Rows come in the order delta-rs returns them; compare them as a multiset.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import canonical  # noqa: E402

from deltalake import DeltaTable  # noqa: E402


def read(path, version):
    try:
        dt = DeltaTable(path, version=version) if version is not None else DeltaTable(path)
        if hasattr(dt, "to_pyarrow_table"):
            table = dt.to_pyarrow_table()
        else:
            table = dt.to_pyarrow_dataset().to_table()
        return canonical.canonical_table(table)
    except BaseException as exc:  # noqa: BLE001 - every failure is a result
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"error": canonical.describe_error(exc)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", type=int)
    parser.add_argument("tables", nargs="+")
    args = parser.parse_args()
    out = {t: read(t, args.version) for t in args.tables}
    sys.stdout.write(json.dumps(out, ensure_ascii=False, allow_nan=False))
    sys.stdout.flush()
    # delta-rs's runtime threads can abort the interpreter's teardown
    # ("terminate called without an active exception"); the answer is out, so leave at once.
    os._exit(0)


if __name__ == "__main__":
    main()
