#!/usr/bin/env python3
"""Writes pyarrow Parquet data files for a Delta table of every type an app loads.

Usage: lake_files.py DIR

Writes into DIR (the table's folder):
- part-pyarrow-dictionary.parquet: 1200 rows in row groups of 500, dictionary-encoded,
  with a small dictionary page limit so that the high-cardinality columns (i, d) fall
  back to PLAIN pages within a chunk; `at` is stored in milliseconds (the table's type
  is microseconds) and the decimals as FIXED_LEN_BYTE_ARRAY, as pyarrow does by default.
- part-pyarrow-plain.parquet: 700 rows, no dictionary, and without the column `b`
  (a column added after the file was written: null in its rows).
Values have nulls, NaN, -0.0, and two spellings of é (precomposed and combining).
Prints [{"path": NAME, "size": BYTES, "rows": N}, ...].
"""
import datetime as dt
import decimal
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

directory = sys.argv[1]
WORDS = ["", "crèche", "Crèche", "caf\u00e9", "cafe\u0301", "東京", "🚑 urgences", "EHPAD", "z" * 30]
DOUBLES = [0.0, -0.0, float("nan"), 1.5, -2.25, 1e300]


def column_types(at_unit):
    return [
        ("s", pa.string()), ("l", pa.int64()), ("i", pa.int32()), ("sh", pa.int16()), ("b", pa.int8()),
        ("d", pa.float64()), ("f", pa.float32()), ("flag", pa.bool_()), ("day", pa.date32()),
        ("at", pa.timestamp(at_unit, tz="UTC")), ("ntz", pa.timestamp("us")),
        ("p", pa.decimal128(9, 2)), ("q", pa.decimal128(18, 4)), ("r", pa.decimal128(30, 6)),
    ]


def row(i):
    return {
        "s": None if i % 7 == 0 else WORDS[i % len(WORDS)],
        "l": None if i % 11 == 0 else (i % 50) * 1000 - 7,
        "i": i * 7919 % 100003,
        "sh": i % 300 - 150,
        "b": None if i % 13 == 0 else i % 100 - 50,
        "d": None if i % 5 == 0 else DOUBLES[i % len(DOUBLES)] if i % 3 == 0 else i * 0.1,
        "f": (i % 10) / 4,
        "flag": None if i % 9 == 0 else i % 2 == 0,
        "day": None if i % 17 == 0 else dt.date(2023, 1, 1) + dt.timedelta(days=i % 700),
        "at": None if i % 19 == 0 else dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(seconds=(i % 40) * 3601),
        "ntz": dt.datetime(2020, 2, 29) + dt.timedelta(microseconds=(i % 60) * 1_000_001),
        "p": None if i % 23 == 0 else decimal.Decimal((i * 37) % 20000 - 10000) / 100,
        "q": decimal.Decimal((i * 7) % 900 - 450) / 10000,
        "r": None if i % 29 == 0 else decimal.Decimal((i % 80) * 10**20 - 4 * 10**21) / 10**6,
    }


def table(start, count, at_unit, drop=()):
    fields = [(name, kind) for name, kind in column_types(at_unit) if name not in drop]
    rows = [row(i) for i in range(start, start + count)]
    return pa.Table.from_pylist([{name: r[name] for name, _ in fields} for r in rows], schema=pa.schema(fields))


files = []


def write(name, data, **options):
    path = os.path.join(directory, name)
    pq.write_table(data, path, **options)
    files.append({"path": name, "size": os.path.getsize(path), "rows": data.num_rows})


write("part-pyarrow-dictionary.parquet", table(3000, 1200, "ms"), row_group_size=500, use_dictionary=True,
      dictionary_pagesize_limit=1024, data_page_size=256, compression="snappy")
write("part-pyarrow-plain.parquet", table(5000, 700, "us", drop=("b",)), row_group_size=300, use_dictionary=False,
      compression="zstd")
print(json.dumps(files))
