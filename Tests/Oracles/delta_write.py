#!/usr/bin/env python3
"""Writes a Delta table with delta-rs (the `deltalake` package) over several versions.

Usage: delta_write.py TABLE
Version 0: 300 rows (create); 1: append 200; 2: append 100; 3: overwrite with 50;
4: append 10. Flat columns of every type Vigie reads, with nulls.
Prints {"versions": 5}.
"""
import datetime as dt
import decimal
import json
import os
import sys

import pyarrow as pa
from deltalake import write_deltalake

path = sys.argv[1]
schema = pa.schema([
    ("id", pa.int64()), ("structure", pa.string()), ("amount", pa.float64()), ("qty", pa.int32()),
    ("small", pa.int16()), ("tiny", pa.int8()), ("ratio", pa.float32()), ("open", pa.bool_()),
    ("day", pa.date32()), ("at", pa.timestamp("us", tz="UTC")), ("price", pa.decimal128(9, 2)), ("blob", pa.binary()),
])


def batch(start, n):
    rows = []
    for i in range(start, start + n):
        rows.append({
            "id": i, "structure": None if i % 11 == 0 else f"S{i % 18:02d} Hôpital Saint-Éloi" if i % 5 == 0 else f"S{i % 18:02d}",
            "amount": None if i % 7 == 0 else i * 1.25 - 100, "qty": i % 100, "small": -(i % 300), "tiny": i % 100 - 50,
            "ratio": (i % 10) / 4, "open": None if i % 13 == 0 else i % 2 == 0,
            "day": dt.date(2023, 1, 1) + dt.timedelta(days=i % 700),
            "at": None if i % 17 == 0 else dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=i * 3601, microseconds=i),
            "price": decimal.Decimal(i * 37 % 100000) / 100, "blob": bytes([i % 256, (i * 7) % 256]),
        })
    return pa.Table.from_pylist(rows, schema=schema)


write_deltalake(path, batch(0, 300), mode="error")
write_deltalake(path, batch(300, 200), mode="append")
write_deltalake(path, batch(500, 100), mode="append")
write_deltalake(path, batch(1000, 50), mode="overwrite")
write_deltalake(path, batch(2000, 10), mode="append")
print(json.dumps({"versions": 5}), flush=True)
# delta-rs's runtime threads can abort the interpreter's teardown; the table is written, so leave at once.
os._exit(0)
