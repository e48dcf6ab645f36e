#!/usr/bin/env python3
"""Writes a matrix of Parquet files for the reader tests.

Usage:
    make_fixtures.py OUTDIR

Creates OUTDIR if missing, writes every fixture into it (overwriting), and
prints a JSON manifest on stdout:
    [{"file": NAME, "writer": "pyarrow"|"duckdb", "description": "..."}, ...]

Contents are deterministic (fixed seed, arithmetic data for DuckDB, one DuckDB
thread), so two runs with the same library versions write the same values.
Writers: pyarrow.parquet.write_table and DuckDB's COPY ... TO ... (FORMAT parquet).
Read the values back with canonical.py (either engine) to get what a reader
must return.
"""

import decimal
import json
import os
import random
import sys
import warnings

warnings.filterwarnings("ignore")

import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

SEED = 20240611
ROWS = 3_000          # the all-types table used by most variants
ROWS_LARGE = 10_000   # row groups and DuckDB files

MANIFEST = []

# Text that must survive every string path: empty, accents, non-Latin, emoji.
WORDS = [
    "", "Hôpital Saint-Éloi", "crèche", "東京", "Москва", "🚑 urgences", "😀",
    "Ærøskøbing", "naïve café", "ñandú", "Ελλάδα", "مرحبا", "a", "b", "z" * 40,
    "Centre hospitalier de Montpellier", "EHPAD Les Glycines", "école maternelle",
]

I8 = (-2**7, 2**7 - 1)
I16 = (-2**15, 2**15 - 1)
I32 = (-2**31, 2**31 - 1)
I64 = (-2**63, 2**63 - 1)
U8 = (0, 2**8 - 1)
U16 = (0, 2**16 - 1)
U32 = (0, 2**32 - 1)
U64 = (0, 2**64 - 1)

SPECIAL_FLOATS = [float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 0.1, 1.5,
                  -1e-300, 5e-324, 1.7976931348623157e308, 3.4028234663852886e38,
                  1.401298464324817e-45]

DAY_MIN = -719162   # 0001-01-01
DAY_MAX = 2932896   # 9999-12-31
NS_PER_DAY = 86_400 * 10**9


def record(name, writer, description):
    MANIFEST.append({"file": name, "writer": writer, "description": description})


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def with_nulls(rng, values, rate=0.1):
    """~rate nulls, never in the first 8 rows (they hold the extreme values)."""
    return [None if i >= 8 and rng.random() < rate else v for i, v in enumerate(values)]


def int_values(rng, n, lo, hi):
    """Random ints in [lo, hi], with both extremes, 0 and neighbours up front."""
    edge = [lo, hi, 0 if lo <= 0 <= hi else lo, lo + 1, hi - 1]
    if lo >= 0:
        # Unsigned: values above the signed maximum of the same width.
        bits = (hi + 1).bit_length() - 1
        edge += [2 ** (bits - 1), 2 ** (bits - 1) + 1, hi - 12345 % hi]
    edge = edge[:n]
    rest = []
    for i in range(n - len(edge)):
        r = rng.random()
        if r < 0.5:
            rest.append(rng.randint(max(lo, -1000), min(hi, 1000)))
        else:
            rest.append(rng.randint(lo, hi))
    return edge + rest


def float_values(rng, n, single):
    specials = list(SPECIAL_FLOATS)
    if single:
        specials = [v for v in specials if v != v or abs(v) in (0.0, float("inf")) or 1e-45 <= abs(v) <= 3.5e38]
    vals = specials[:n]
    for _ in range(n - len(vals)):
        r = rng.random()
        if r < 0.4:
            vals.append(round(rng.uniform(-1000, 1000), 3))
        elif r < 0.8:
            vals.append(rng.gauss(0, 1e6))
        else:
            vals.append(rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30))
    return vals


def string_values(rng, n):
    vals = list(WORDS[:n])
    for _ in range(n - len(vals)):
        r = rng.random()
        if r < 0.5:
            vals.append(rng.choice(WORDS))
        else:
            k = rng.randint(0, 24)
            vals.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyzéèàçô ") for _ in range(k)))
    return vals


def binary_values(rng, n):
    vals = [b"", b"\x00", b"\xff" * 3][:n]
    for _ in range(n - len(vals)):
        vals.append(bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 20))))
    return vals


def fixed_binary_values(rng, n, width=16):
    vals = [b"\x00" * width, b"\xff" * width][:n]
    for _ in range(n - len(vals)):
        vals.append(bytes(rng.getrandbits(8) for _ in range(width)))
    return vals


def decimal_values(rng, n, precision, scale):
    top = 10 ** precision - 1
    edge = [top, -top, 0, -1, 1, -5, -10 ** scale][:n]
    vals = edge + [rng.randint(-top, top) if rng.random() < 0.5 else rng.randint(-10**4, 10**4)
                   for _ in range(n - len(edge))]
    exact = decimal.Context(prec=100)
    return [decimal.Decimal(v).scaleb(-scale, context=exact) for v in vals]


def timestamp_values(rng, n, unit):
    per_ns = {"s": 10**9, "ms": 10**6, "us": 10**3, "ns": 1}[unit]
    if unit == "ns":
        lo, hi = I64[0] + 1, I64[1]
    else:
        lo, hi = DAY_MIN * NS_PER_DAY // per_ns, (DAY_MAX + 1) * NS_PER_DAY // per_ns - 1
    edge = [0, -1, 1, 1_700_000_000_123_456_789 // per_ns, lo, hi][:n]
    rest = []
    for _ in range(n - len(edge)):
        if rng.random() < 0.7:
            # 1950..2050
            rest.append(rng.randint(-631_152_000 * 10**9, 2_524_608_000 * 10**9) // per_ns)
        else:
            rest.append(rng.randint(lo, hi))
    return edge + rest


def all_types_table(rng, n, nulls=True):
    """One column per supported type; optional columns get ~10% nulls."""
    def opt(values, rate=0.1):
        return with_nulls(rng, values, rate) if nulls else values

    cols = []

    def add(name, values, typ, nullable=True):
        cols.append((pa.field(name, typ, nullable=nullable), pa.array(values, typ)))

    add("id", list(range(n)), pa.int64(), nullable=False)
    add("req_string", [f"row {i} · ligne n°{i}" for i in range(n)], pa.string(), nullable=False)
    add("req_int32", int_values(rng, n, *I32), pa.int32(), nullable=False)
    add("bool", opt([rng.random() < 0.5 for _ in range(n)]), pa.bool_())
    add("int8", opt(int_values(rng, n, *I8)), pa.int8())
    add("int16", opt(int_values(rng, n, *I16)), pa.int16())
    add("int32", opt(int_values(rng, n, *I32)), pa.int32())
    add("int64", opt(int_values(rng, n, *I64)), pa.int64())
    add("int64_no_nulls", int_values(rng, n, *I64), pa.int64())
    add("uint8", opt(int_values(rng, n, *U8)), pa.uint8())
    add("uint16", opt(int_values(rng, n, *U16)), pa.uint16())
    add("uint32", opt(int_values(rng, n, *U32)), pa.uint32())
    add("uint64", opt(int_values(rng, n, *U64)), pa.uint64())
    add("float32", opt(float_values(rng, n, True)), pa.float32())
    add("float64", opt(float_values(rng, n, False)), pa.float64())
    add("string", opt(string_values(rng, n)), pa.string())
    add("string_no_nulls", string_values(rng, n), pa.string())
    add("large_string", opt(string_values(rng, n)), pa.large_string())
    add("binary", opt(binary_values(rng, n)), pa.binary())
    add("fixed_binary16", opt(fixed_binary_values(rng, n)), pa.binary(16))
    add("date32", opt([DAY_MIN, DAY_MAX, 0, -1][:n] + [rng.randint(-25_000, 30_000) for _ in range(n - 4)]),
        pa.date32())
    for unit in ("ms", "us", "ns"):
        add(f"timestamp_{unit}", opt(timestamp_values(rng, n, unit)), pa.timestamp(unit))
        add(f"timestamp_{unit}_utc", opt(timestamp_values(rng, n, unit)), pa.timestamp(unit, tz="UTC"))
    add("time32_ms", opt([0, 86_399_999][:n] + [rng.randint(0, 86_399_999) for _ in range(n - 2)]),
        pa.time32("ms"))
    add("time64_us", opt([0, 86_399_999_999][:n] + [rng.randint(0, 86_399_999_999) for _ in range(n - 2)]),
        pa.time64("us"))
    add("time64_ns", opt([0, 86_399_999_999_999][:n] + [rng.randint(0, 86_399_999_999_999) for _ in range(n - 2)]),
        pa.time64("ns"))
    add("decimal_5_2", opt(decimal_values(rng, n, 5, 2)), pa.decimal128(5, 2))
    add("decimal_15_3", opt(decimal_values(rng, n, 15, 3)), pa.decimal128(15, 3))
    add("decimal_30_6", opt(decimal_values(rng, n, 30, 6)), pa.decimal128(30, 6))
    add("decimal_9_0", opt(decimal_values(rng, n, 9, 0)), pa.decimal128(9, 0))
    add("all_null_int32", [None] * n, pa.int32())
    add("all_null_string", [None] * n, pa.string())
    add("all_null_double", [None] * n, pa.float64())
    add("mostly_null_int64", with_nulls(rng, int_values(rng, n, -10**6, 10**6), 0.97), pa.int64())
    add("low_cardinality", opt([rng.choice(["Urgences", "Pédiatrie", "Maternité", "Réanimation"]) for _ in range(n)]),
        pa.string())
    # An arrow dictionary column (stored as a plain string column + ARROW:schema).
    cats = ["rouge", "vert", "bleu", "", "ünïcödé"]
    idx = pa.array(opt([rng.randrange(len(cats)) for _ in range(n)]), pa.int8())
    cols.append((pa.field("dictionary_string", pa.dictionary(pa.int8(), pa.string())),
                 pa.DictionaryArray.from_arrays(idx, pa.array(cats))))
    schema = pa.schema([f for f, _ in cols])
    return pa.Table.from_arrays([a for _, a in cols], schema=schema)


def required_table(table):
    """The same columns, all declared non-nullable (no definition levels), without the null-only ones."""
    keep = [i for i, f in enumerate(table.schema) if not f.name.startswith(("all_null", "mostly_null"))]
    t = table.select(keep)
    fields = []
    arrays = []
    for f, col in zip(t.schema, t.columns):
        if col.null_count:
            continue
        fields.append(f.with_nullable(False))
        arrays.append(col)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


# ---------------------------------------------------------------------------
# pyarrow fixtures
# ---------------------------------------------------------------------------

def write_pa(outdir, name, table, description, **options):
    pq.write_table(table, os.path.join(outdir, name), **options)
    opts = ", ".join(f"{k}={v!r}" for k, v in options.items()) or "defaults"
    record(name, "pyarrow", f"{description} [{table.num_rows} rows; write_table({opts})]")


def pyarrow_fixtures(outdir):
    rng = random.Random(SEED)
    base = all_types_table(rng, ROWS)
    no_nulls = all_types_table(random.Random(SEED + 1), ROWS, nulls=False)

    write_pa(outdir, "pa_defaults.parquet", base,
             "all types, ~10% nulls per optional column, all-null and required columns; "
             "snappy, dictionary, data page v1")
    for codec in ("NONE", "SNAPPY", "GZIP", "ZSTD"):
        write_pa(outdir, f"pa_{codec.lower()}.parquet", base, f"all types, compression {codec}",
                 compression=codec)
    write_pa(outdir, "pa_v2.parquet", base, "all types, data page v2 (snappy, dictionary)",
             data_page_version="2.0")
    write_pa(outdir, "pa_v2_uncompressed.parquet", base, "all types, data page v2, no compression",
             data_page_version="2.0", compression="NONE")
    write_pa(outdir, "pa_v2_zstd_plain.parquet", base, "all types, data page v2, zstd, no dictionary",
             data_page_version="2.0", compression="ZSTD", use_dictionary=False)
    write_pa(outdir, "pa_plain.parquet", base, "all types, no dictionary (PLAIN everywhere), page v1",
             use_dictionary=False)
    write_pa(outdir, "pa_no_nulls.parquet", no_nulls,
             "all types, optional columns without any null (except the all-null ones)")
    write_pa(outdir, "pa_required.parquet", required_table(no_nulls),
             "all types, every column required (non-nullable schema: no definition levels)")
    write_pa(outdir, "pa_required_v2_plain.parquet", required_table(no_nulls),
             "all types, every column required, page v2, no dictionary",
             data_page_version="2.0", use_dictionary=False)
    write_pa(outdir, "pa_no_arrow_schema.parquet", base,
             "all types without the ARROW:schema metadata (readers rely on Parquet logical types only)",
             store_schema=False)
    write_pa(outdir, "pa_format_1_0.parquet", base,
             "format version 1.0: ConvertedType annotations only (uint32 as INT64, ns timestamps "
             "coerced to us, truncating toward zero)", version="1.0", coerce_timestamps="us",
             allow_truncated_timestamps=True)
    write_pa(outdir, "pa_int96.parquet", base.select(["id", "timestamp_ms", "timestamp_us", "timestamp_ns",
                                                      "timestamp_us_utc"]),
             "timestamps stored as deprecated INT96, including years 0001 and 9999 (beyond int64 "
             "nanoseconds: canonical.py un-wraps pyarrow's ns values); DuckDB reads INT96 at microsecond "
             "precision, so its timestamp_ns values differ from pyarrow's",
             use_deprecated_int96_timestamps=True)
    write_pa(outdir, "pa_page_index_checksums.parquet", base,
             "all types with column/offset page index and page CRC checksums",
             write_page_index=True, write_page_checksum=True)

    # Encodings
    ints = ["req_int32", "int8", "int16", "int32", "int64", "int64_no_nulls", "uint8", "uint16",
            "uint32", "uint64", "date32", "timestamp_ms", "timestamp_ns_utc", "time32_ms", "time64_ns",
            "decimal_5_2", "decimal_15_3"]
    delta = {c: "DELTA_BINARY_PACKED" for c in ints}
    delta.update({"string": "DELTA_LENGTH_BYTE_ARRAY", "binary": "DELTA_LENGTH_BYTE_ARRAY",
                  "req_string": "DELTA_BYTE_ARRAY", "string_no_nulls": "DELTA_BYTE_ARRAY",
                  "large_string": "DELTA_BYTE_ARRAY", "low_cardinality": "DELTA_BYTE_ARRAY",
                  "fixed_binary16": "DELTA_BYTE_ARRAY", "decimal_30_6": "DELTA_BYTE_ARRAY",
                  "bool": "RLE"})
    delta_table = base.select(["id"] + list(delta))
    for version in ("1.0", "2.0"):
        v = version[0]
        write_pa(outdir, f"pa_delta_v{v}.parquet", delta_table,
                 "DELTA_BINARY_PACKED for int32/int64-backed columns (int8..uint64, date, timestamp, time, "
                 "int-backed decimals), DELTA_LENGTH_BYTE_ARRAY (string, binary), DELTA_BYTE_ARRAY "
                 f"(strings, fixed_size_binary, fixed decimal), RLE booleans; page v{v}",
                 use_dictionary=False, column_encoding=delta, data_page_version=version,
                 store_decimal_as_integer=True)
    # Sorted / slowly growing keys give DELTA_BYTE_ARRAY real prefixes.
    n = ROWS
    prefixed = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "url": pa.array([f"https://exemple.fr/établissements/{i // 7:06d}/service/{i % 7}" for i in range(n)]),
        "sorted_words": pa.array(sorted(string_values(random.Random(SEED + 2), n))),
        "counter": pa.array([i * 3 for i in range(n)], pa.int64()),
        "counter32": pa.array([10**9 - i * 17 for i in range(n)], pa.int32()),
    })
    write_pa(outdir, "pa_delta_prefixes.parquet", prefixed,
             "DELTA_BYTE_ARRAY on strings with long shared prefixes, DELTA_BINARY_PACKED on "
             "arithmetic sequences, page v2",
             use_dictionary=False, data_page_version="2.0",
             column_encoding={"id": "DELTA_BINARY_PACKED", "url": "DELTA_BYTE_ARRAY",
                              "sorted_words": "DELTA_BYTE_ARRAY", "counter": "DELTA_BINARY_PACKED",
                              "counter32": "DELTA_BINARY_PACKED"})
    write_pa(outdir, "pa_byte_stream_split.parquet", base.select(["id", "float32", "float64", "all_null_double"]),
             "BYTE_STREAM_SPLIT for float and double (with nan, inf, -0.0 and nulls)",
             use_dictionary=False,
             column_encoding={"float32": "BYTE_STREAM_SPLIT", "float64": "BYTE_STREAM_SPLIT",
                              "all_null_double": "BYTE_STREAM_SPLIT"})
    bss_ext = ["int32", "int64", "uint32", "uint64", "date32", "timestamp_us", "fixed_binary16",
               "decimal_5_2", "decimal_15_3", "decimal_30_6"]
    write_pa(outdir, "pa_byte_stream_split_extended.parquet", base.select(["id"] + bss_ext),
             "BYTE_STREAM_SPLIT for int32, int64, fixed_size_binary(16) and decimals "
             "(Parquet 2.11 extension; DuckDB refuses it on FIXED_LEN_BYTE_ARRAY)",
             use_dictionary=False, column_encoding={c: "BYTE_STREAM_SPLIT" for c in bss_ext})
    bools = base.select(["id", "bool"]).append_column(
        "bool_runs", pa.array([(i // 37) % 2 == 0 for i in range(ROWS)])).append_column(
        "bool_required", pa.array([rng.random() < 0.2 for _ in range(ROWS)])).cast(
        pa.schema([pa.field("id", pa.int64(), False), pa.field("bool", pa.bool_()),
                   pa.field("bool_runs", pa.bool_()), pa.field("bool_required", pa.bool_(), False)]))
    rle = {"bool": "RLE", "bool_runs": "RLE", "bool_required": "RLE"}
    write_pa(outdir, "pa_rle_bool_v2.parquet", bools, "RLE-encoded booleans (random, long runs, required), page v2",
             use_dictionary=False, data_page_version="2.0", column_encoding=rle)
    write_pa(outdir, "pa_rle_bool_v1.parquet", bools, "RLE-encoded booleans, page v1",
             use_dictionary=False, data_page_version="1.0", column_encoding=rle)

    # Decimals
    decs = base.select(["id", "decimal_5_2", "decimal_9_0", "decimal_15_3", "decimal_30_6"])
    write_pa(outdir, "pa_decimal_default.parquet", decs,
             "decimals (precision 5, 9, 15, 30; negatives, extremes) with pyarrow's default "
             "storage: FIXED_LEN_BYTE_ARRAY for all")
    write_pa(outdir, "pa_decimal_as_integer.parquet", decs,
             "decimals stored as INT32 (precision <= 9), INT64 (<= 18), FIXED_LEN_BYTE_ARRAY (30)",
             store_decimal_as_integer=True)

    # Dictionary fallback: 100k distinct strings overflow the 1 MiB dictionary page limit.
    n = 100_000
    r2 = random.Random(SEED + 3)
    distinct = [f"{r2.choice(WORDS)}#{i:06d}-{r2.getrandbits(32):08x}" for i in range(n)]
    big = pa.table({
        "id": pa.array(range(n), pa.int64()),
        "distinct_string": pa.array(with_nulls(r2, distinct, 0.05)),
        "distinct_int64": pa.array([r2.getrandbits(63) for _ in range(n)], pa.int64()),
        "repeated": pa.array([WORDS[i % len(WORDS)] for i in range(n)]),
    })
    write_pa(outdir, "pa_dict_fallback.parquet", big,
             "100k distinct strings and int64s: the dictionary overflows and the writer falls back to "
             "PLAIN mid-column chunk (dictionary pages then plain pages); one low-cardinality column stays "
             "dictionary-encoded")
    write_pa(outdir, "pa_dict_fallback_v2.parquet", big.select(["id", "distinct_string"]),
             "dictionary fallback of 100k distinct strings, page v2",
             data_page_version="2.0")

    write_pa(outdir, "pa_row_groups.parquet", all_types_table(random.Random(SEED + 4), ROWS_LARGE),
             "all types, 10 row groups of 1000 rows", row_group_size=1000)
    write_pa(outdir, "pa_small_pages.parquet", base,
             "all types, many small pages (data_page_size=1024, write_batch_size=128), dictionary",
             data_page_size=1024, write_batch_size=128)
    write_pa(outdir, "pa_small_pages_plain_v2.parquet", base,
             "all types, many small pages, no dictionary, page v2",
             data_page_size=1024, write_batch_size=128, use_dictionary=False, data_page_version="2.0")
    write_pa(outdir, "pa_small_dictionary_pages.parquet", base.select(["id", "string", "int64", "float64"]),
             "tiny dictionary page limit (4 KiB) so several columns fall back early",
             dictionary_pagesize_limit=4096)
    write_pa(outdir, "pa_empty.parquet", base.slice(0, 0), "all types, zero rows (schema only)")
    write_pa(outdir, "pa_one_row.parquet", base.slice(0, 1), "all types, a single row (extreme values)")
    write_pa(outdir, "pa_edge_values.parquet", base.slice(0, 32),
             "the first 32 rows: extremes (min/max of each integer type, unsigned above signed max, "
             "nan/inf/-0.0, empty strings, 0001-01-01 and 9999-12-31, int64-extreme ns timestamps)",
             use_dictionary=False)


# ---------------------------------------------------------------------------
# DuckDB fixtures
# ---------------------------------------------------------------------------

DUCK_SELECT = r"""
SELECT
    i::INTEGER                                              AS id,
    CASE WHEN i % 11 = 3 THEN NULL ELSE (i * 7919) % 200003 - 100000 END::INTEGER AS int_col,
    CASE WHEN i % 13 = 5 THEN NULL
         WHEN i = 1 THEN 9223372036854775807
         WHEN i = 2 THEN -9223372036854775808
         ELSE (i::BIGINT * 2654435761) % 1000000007 * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) END::BIGINT AS bigint_col,
    ((i * 37) % 256 - 128)::TINYINT                         AS tinyint_col,
    ((i * 131) % 65536 - 32768)::SMALLINT                   AS smallint_col,
    CASE WHEN i = 1 THEN 18446744073709551615 ELSE i::UBIGINT * 1000003 END::UBIGINT AS ubigint_col,
    ((i * 2654435761) % 4294967296)::UINTEGER               AS uinteger_col,
    CASE WHEN i % 17 = 0 THEN NULL
         WHEN i = 1 THEN 'nan'::DOUBLE WHEN i = 2 THEN 'inf'::DOUBLE WHEN i = 3 THEN '-inf'::DOUBLE
         WHEN i = 4 THEN '-0.0'::DOUBLE
         ELSE (i * 1.25 - 5000) / 3 END::DOUBLE                AS double_col,
    CASE WHEN i % 19 = 0 THEN NULL ELSE (i / 7.0)::FLOAT END AS float_col,
    CASE WHEN i % 10 = 0 THEN NULL
         ELSE ['Hôpital Saint-Éloi', 'crèche', '', 'Москва', '東京', '🚑 urgences',
               'EHPAD Les Glycines', 'école'][(i % 8) + 1] || CASE WHEN i % 3 = 0 THEN '' ELSE ' ' || i::VARCHAR END
    END                                                     AS varchar_col,
    ['Urgences', 'Pédiatrie', 'Maternité', 'Réanimation'][(i % 4) + 1] AS low_card_varchar,
    CASE WHEN i % 9 = 0 THEN NULL
         ELSE ['rouge', 'vert', 'bleu'][(i % 3) + 1]::ENUM_COLOR END AS enum_col,
    CASE WHEN i % 23 = 0 THEN NULL ELSE DATE '1970-01-01' + ((i * 97) % 40000 - 15000)::INTEGER END AS date_col,
    CASE WHEN i % 29 = 0 THEN NULL
         ELSE TIMESTAMP '2000-01-01 00:00:00' + to_microseconds((i::BIGINT * 7777777777) % 2000000000000000 - 1000000000000000) END AS timestamp_col,
    CASE WHEN i % 31 = 0 THEN NULL
         ELSE TIMESTAMPTZ '2024-03-31 01:30:00+00' + to_microseconds(i::BIGINT * 3600000123) END AS timestamptz_col,
    CASE WHEN i % 37 = 0 THEN NULL
         ELSE (TIMESTAMP '2024-01-01' + to_microseconds(i::BIGINT * 1000001))::TIMESTAMP_NS END AS timestamp_ns_col,
    CASE WHEN i % 41 = 0 THEN NULL ELSE TIME '00:00:00' + to_microseconds((i::BIGINT * 123456789) % 86400000000) END AS time_col,
    -- decimals built exactly from an unscaled integer (no DOUBLE on the way)
    (CASE WHEN i % 7 = 0 THEN NULL WHEN i = 1 THEN 999999999 WHEN i = 2 THEN -999999999 WHEN i = 3 THEN -5
          ELSE (i * 7919) % 2000001 - 1000000 END::DECIMAL(38,0) * 0.01)::DECIMAL(9,2) AS decimal_9_2,
    (CASE WHEN i % 43 = 0 THEN NULL WHEN i = 1 THEN -1
          ELSE (i::BIGINT * 2654435761) % 20000000001 - 10000000000 END::DECIMAL(38,0) * 0.0001)::DECIMAL(18,4) AS decimal_18_4,
    (CASE WHEN i % 47 = 0 THEN NULL
          ELSE (i::HUGEINT * 2654435761 * 2654435761) % 100000000000000000000 - 50000000000000000000
     END::DECIMAL(38,0) * 0.0000000001)::DECIMAL(38,10) AS decimal_38_10,
    CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 3 = 0) END      AS boolean_col,
    CASE WHEN i % 53 = 0 THEN NULL ELSE ('\x' || lpad(to_hex(i % 256), 2, '0') || 'ab')::BLOB END AS blob_col,
    NULL::INTEGER                                           AS all_null_int
FROM range(ROWS) t(i)
ORDER BY i
"""


def duckdb_fixtures(outdir, ROWS=ROWS_LARGE):
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SET TimeZone = 'UTC'")
    con.execute("CREATE TYPE ENUM_COLOR AS ENUM ('rouge', 'vert', 'bleu')")

    def copy(name, description, rows=ROWS, options="", wrap=None):
        path = os.path.join(outdir, name)
        query = DUCK_SELECT.replace("ROWS", str(rows))
        if wrap:
            query = wrap.replace("QUERY", query)
        opts = "FORMAT parquet" + (", " + options if options else "")
        con.execute(f"COPY ({query}) TO '{path}' ({opts})")
        record(name, "duckdb", f"{description} [{rows} rows; COPY ... ({opts})]")

    types = ("integer, bigint (with extremes), tinyint, smallint, ubigint (2^64-1), uinteger, double (nan, inf, "
             "-0.0), float, varchar (accented, non-Latin, emoji, empty, nulls), low-cardinality varchar, ENUM, "
             "date, timestamp, timestamptz, timestamp_ns, time, decimal(9,2), decimal(18,4), decimal(38,10), "
             "boolean, blob, an all-null column")
    copy("dd_defaults.parquet", f"DuckDB defaults (snappy): {types}")
    copy("dd_zstd.parquet", "DuckDB, zstd", options="COMPRESSION zstd")
    copy("dd_uncompressed.parquet", "DuckDB, uncompressed", options="COMPRESSION uncompressed")
    copy("dd_gzip.parquet", "DuckDB, gzip", options="COMPRESSION gzip")
    copy("dd_row_groups.parquet", "DuckDB, 20k rows in small row groups of 2048 rows",
         rows=20_000, options="ROW_GROUP_SIZE 2048")
    try:
        copy("dd_v2.parquet", "DuckDB, PARQUET_VERSION v2 (DELTA_BINARY_PACKED, "
             "DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT encodings); all columns but uinteger_col",
             options="PARQUET_VERSION v2", wrap="SELECT * EXCLUDE (uinteger_col) FROM (QUERY)")
        copy("dd_v2_uinteger.parquet", "DuckDB quirk: PARQUET_VERSION v2 writes a UINTEGER column with "
             "DELTA_BINARY_PACKED miniblocks wider than 32 bits; DuckDB reads it back, pyarrow "
             "refuses ('delta bit width larger than integer bit width')",
             options="PARQUET_VERSION v2", wrap="SELECT id, uinteger_col FROM (QUERY)")
    except Exception as exc:  # older DuckDB without PARQUET_VERSION
        print(f"make_fixtures: skipped dd_v2.parquet: {exc}", file=sys.stderr)
    copy("dd_empty.parquet", "DuckDB, zero rows", rows=0)


def run(argv, usage, writers):
    """The fixture scripts' command line: OUTDIR; each writer(outdir) in turn; the manifest on stdout."""
    if len(argv) != 2 or argv[1].startswith("-"):
        print(usage.strip(), file=sys.stderr)
        return 2
    outdir = argv[1]
    os.makedirs(outdir, exist_ok=True)
    for write in writers:
        write(outdir)
    sys.stdout.write(json.dumps(MANIFEST, ensure_ascii=False, indent=1) + "\n")
    return 0


def main(argv):
    return run(argv, __doc__, [pyarrow_fixtures, duckdb_fixtures])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
