#!/usr/bin/env python3
"""Writes Parquet files with nested columns (lists, structs, maps) for the reader tests.

Usage:
    make_nested_fixtures.py OUTDIR

Creates OUTDIR if missing, writes every fixture into it (overwriting), and
prints a JSON manifest on stdout, as make_fixtures.py does:
    [{"file": NAME, "writer": "pyarrow"|"duckdb", "description": "..."}, ...]

One table of nested columns (nulls at every level, empty lists and maps,
lists of lists, lists of structs, maps of lists and structs, logical types
inside them) is written by pyarrow with several page versions, codecs,
encodings, page and row-group sizes; a table of very long lists makes rows
span many pages; DuckDB writes its own nested file. Contents are
deterministic (fixed seed). Read the values back with canonical.py.
"""

import os
import random
import sys
import warnings

warnings.filterwarnings("ignore")

import pyarrow as pa  # noqa: E402

import make_fixtures as mf  # noqa: E402  (the same data helpers and manifest)

SEED = 20240612
ROWS = 2_000


def nested_table(rng, n):
    def maybe(v, rate=0.12):
        return None if rng.random() < rate else v

    def items(make, max_len=4, null_list=0.12, empty=0.12):
        """A list of 0..max_len items, or None; rows 0 and 1 are a null and an empty list."""
        def one(i):
            if i == 0 and null_list:
                return None
            if i <= 1 or rng.random() < empty:
                return []
            if rng.random() < null_list:
                return None
            return [make() for _ in range(rng.randint(1, max_len))]
        return [one(i) for i in range(n)]

    def pairs(make_value, **kw):
        lists = items(lambda: None, **kw)
        return [None if v is None else [(f"k{j}·{rng.choice(mf.WORDS)}", make_value()) for j in range(len(v))]
                for v in lists]

    words = mf.string_values(rng, 64)
    floats = mf.float_values(rng, 64, False)
    singles = mf.float_values(rng, 64, True)
    decimals = mf.decimal_values(rng, 64, 15, 3)
    times = mf.timestamp_values(rng, 64, "us")
    cols = []

    def add(name, values, typ, nullable=True):
        cols.append((pa.field(name, typ, nullable=nullable), pa.array(values, typ)))

    add("id", list(range(n)), pa.int64(), nullable=False)
    add("int_list", items(lambda: maybe(rng.randint(*mf.I64))), pa.list_(pa.int64()))
    add("str_list", items(lambda: maybe(rng.choice(words))), pa.list_(pa.string()))
    add("req_list", items(lambda: rng.randint(*mf.I32), null_list=0), pa.list_(pa.field("element", pa.int32(), False)),
        nullable=False)
    add("large_list", items(lambda: maybe(rng.randint(*mf.I32))), pa.large_list(pa.int32()))
    add("list_of_lists", items(lambda: maybe([maybe(rng.choice(words)) for _ in range(rng.randint(0, 3))])),
        pa.list_(pa.list_(pa.string())))
    add("float_list", items(lambda: maybe(rng.choice(floats))), pa.list_(pa.float64()))
    add("float32_list", items(lambda: maybe(rng.choice(singles))), pa.list_(pa.float32()))
    add("bool_list", items(lambda: maybe(rng.random() < 0.5)), pa.list_(pa.bool_()))
    add("date_list", items(lambda: maybe(rng.randint(-25_000, 30_000))), pa.list_(pa.date32()))
    add("decimal_list", items(lambda: maybe(rng.choice(decimals))), pa.list_(pa.decimal128(15, 3)))
    add("uint_list", items(lambda: maybe(rng.randint(*mf.U32))), pa.list_(pa.uint32()))
    struct_type = pa.struct([
        ("a", pa.int32()),
        ("b", pa.string()),
        ("c", pa.struct([("d", pa.float64()), ("e", pa.list_(pa.date32()))])),
    ])
    add("struct_col", [maybe({"a": maybe(rng.randint(*mf.I32)), "b": maybe(rng.choice(words)),
                              "c": maybe({"d": maybe(rng.choice(floats)),
                                          "e": maybe([maybe(rng.randint(-9_000, 9_000)) for _ in range(rng.randint(0, 3))])})})
                       for _ in range(n)], struct_type)
    add("struct_req", [{"x": i * 7, "y": maybe(rng.random() < 0.5)} for i in range(n)],
        pa.struct([pa.field("x", pa.int64(), False), ("y", pa.bool_())]), nullable=False)
    add("list_of_struct", items(lambda: maybe({"n": maybe(rng.randint(*mf.I64)), "s": maybe(rng.choice(words))})),
        pa.list_(pa.struct([("n", pa.int64()), ("s", pa.string())])))
    add("map_col", pairs(lambda: maybe(rng.randint(*mf.I32))), pa.map_(pa.string(), pa.int32()))
    add("map_of_list", pairs(lambda: maybe([maybe(rng.randint(-99, 99)) for _ in range(rng.randint(0, 3))])),
        pa.map_(pa.string(), pa.list_(pa.int64())))
    add("map_of_struct", pairs(lambda: maybe({"p": maybe(rng.choice(singles)), "q": maybe(rng.choice(mf.binary_values(rng, 8)))})),
        pa.map_(pa.string(), pa.struct([("p", pa.float32()), ("q", pa.binary())])))
    add("list_of_map", items(lambda: maybe([(rng.choice(words), maybe(rng.choice(words))) for _ in range(rng.randint(0, 2))])),
        pa.list_(pa.map_(pa.string(), pa.string())))
    add("ts_struct", [maybe({"t": maybe(rng.choice(times)), "f": maybe(bytes(rng.getrandbits(8) for _ in range(4))),
                             "u": maybe(rng.randint(*mf.U64))}) for _ in range(n)],
        pa.struct([("t", pa.timestamp("us", tz="UTC")), ("f", pa.binary(4)), ("u", pa.uint64())]))
    schema = pa.schema([f for f, _ in cols])
    return pa.Table.from_arrays([a for _, a in cols], schema=schema)


def long_lists_table(rng):
    """Few rows holding lists of thousands of items: with small pages, one row spans many pages."""
    sizes = [0, 1, 5000, 3, 12000, 0, 700]
    ints = [None if k % 3 == 0 and rng.random() < 0.5 else [rng.randint(-10**9, 10**9) for _ in range(s)] for k, s in enumerate(sizes)]
    strs = [[None if rng.random() < 0.1 else f"v{j}" for j in range(s)] for s in sizes]
    return pa.table({
        "ints": pa.array(ints, pa.list_(pa.int64())),
        "strs": pa.array(strs, pa.list_(pa.string())),
        "nested": pa.array([[list(range(j % 5)) for j in range(s // 10)] for s in sizes], pa.list_(pa.list_(pa.int32()))),
    })


def pyarrow_fixtures(outdir):
    rng = random.Random(SEED)
    table = nested_table(rng, ROWS)
    mf.write_pa(outdir, "nested_default.parquet", table, "nested columns, pyarrow defaults")
    mf.write_pa(outdir, "nested_v2.parquet", table, "nested columns, data page v2", data_page_version="2.0")
    mf.write_pa(outdir, "nested_plain_gzip.parquet", table, "nested columns, no dictionary, gzip",
                use_dictionary=False, compression="gzip")
    mf.write_pa(outdir, "nested_small_pages.parquet", table, "nested columns, tiny pages and row groups, zstd",
                compression="zstd", data_page_size=256, row_group_size=300, write_batch_size=64)
    mf.write_pa(outdir, "nested_small_pages_v2.parquet", table, "nested columns, tiny v2 pages and row groups, uncompressed",
                compression="none", data_page_size=256, row_group_size=300, write_batch_size=64, data_page_version="2.0")
    mf.write_pa(outdir, "nested_delta.parquet", table, "nested columns, delta and byte-stream-split encodings",
                use_dictionary=False,
                column_encoding={"int_list.list.element": "DELTA_BINARY_PACKED",
                                 "str_list.list.element": "DELTA_BYTE_ARRAY",
                                 "list_of_lists.list.element.list.element": "DELTA_LENGTH_BYTE_ARRAY",
                                 "float_list.list.element": "BYTE_STREAM_SPLIT"})
    long_lists = long_lists_table(rng)
    mf.write_pa(outdir, "nested_long_lists.parquet", long_lists, "rows of thousands of items over many small v1 pages",
                data_page_size=512, write_batch_size=100)
    mf.write_pa(outdir, "nested_long_lists_v2.parquet", long_lists, "rows of thousands of items over small v2 pages",
                data_page_size=512, write_batch_size=100, data_page_version="2.0")


def duckdb_fixtures(outdir):
    import duckdb

    con = duckdb.connect()
    try:
        con.execute("SET threads=1")
        name = "nested_duckdb.parquet"
        query = """
            SELECT i AS id,
                   CASE WHEN i % 7 = 0 THEN NULL ELSE [i, NULL, i * 2][1:(i % 4)] END AS int_list,
                   CASE WHEN i % 5 = 0 THEN NULL
                        ELSE {'a': i, 'b': CASE WHEN i % 3 = 0 THEN NULL ELSE 'b' || i END, 'c': [i % 10, i % 11]} END AS s,
                   CASE WHEN i % 6 = 0 THEN NULL
                        ELSE MAP(['k' || (i % 9), 'j' || (i % 4)][1:(i % 3)], [i, NULL][1:(i % 3)]) END AS m,
                   [[i % 3], [], NULL][1:(i % 4)] AS ll
            FROM range(3000) t(i)
        """
        con.execute(f"COPY ({query}) TO '{os.path.join(outdir, name)}' (FORMAT parquet, ROW_GROUP_SIZE 1024)")
        mf.record(name, "duckdb", "DuckDB, lists, structs, maps and lists of lists [3000 rows]")
    finally:
        con.close()


def main(argv):
    return mf.run(argv, __doc__, [pyarrow_fixtures, duckdb_fixtures])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
