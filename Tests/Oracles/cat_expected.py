#!/usr/bin/env python3
"""Writes a Parquet file with pyarrow and prints what `vigie parquet cat` must print for it.

Usage: cat_expected.py FILE
Prints {"json": [row objects], "csv": "text"} where values follow the README's
formats: dates yyyy-MM-dd, timestamps yyyy-MM-ddTHH:mm:ss.ffffff plus Z when
UTC, decimals with exactly their scale, numbers and booleans as JSON values,
null as null (an empty CSV field).
"""
import csv
import datetime as dt
import decimal
import io
import json
import sys

import pyarrow as pa
import pyarrow.parquet as pq

path = sys.argv[1]
utc = dt.timezone.utc
rows = [
    {"id": 1, "structure": "S03", "line": "crèche", "day": dt.date(2024, 1, 31), "at": dt.datetime(2024, 1, 31, 8, 30, 0, 123456, tzinfo=utc),
     "amount": decimal.Decimal("1234.50"), "rate": 0.25, "open": True},
    {"id": 2, "structure": "S07", "line": "EHPAD \"Les Tilleuls\", Nantes", "day": dt.date(1999, 12, 31), "at": None,
     "amount": decimal.Decimal("-0.05"), "rate": None, "open": False},
    {"id": 3, "structure": None, "line": "東京\nMoscou", "day": None, "at": dt.datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=utc),
     "amount": None, "rate": -1.5e-10, "open": None},
]
schema = pa.schema([
    pa.field("id", pa.int64(), nullable=False),
    ("structure", pa.string()), ("line", pa.string()), ("day", pa.date32()),
    ("at", pa.timestamp("us", tz="UTC")), ("amount", pa.decimal128(9, 2)), ("rate", pa.float64()), ("open", pa.bool_()),
])
pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)

def text(name, v):
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return format(v, "f")
    return str(v) if not isinstance(v, float) else repr(v)

def json_value(name, v):
    if v is None or isinstance(v, (bool, int, float)):
        return v
    if isinstance(v, decimal.Decimal):
        return float(v)  # compared as numbers
    return text(name, v)

names = schema.names
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
w.writerow(names)
for r in rows:
    w.writerow(["" if r[n] is None else text(n, r[n]) for n in names])
print(json.dumps({"json": [{n: json_value(n, r[n]) for n in names} for r in rows], "csv": out.getvalue()}))
