#!/usr/bin/env python3
"""Canonical values of Parquet files, as read by an independent engine.

Usage:
    canonical.py [--engine pyarrow|duckdb] [--columns a,b] [--timeout SECONDS] FILE...

Prints one JSON object (UTF-8) on stdout: {FILE: RESULT, ...}, FILE exactly as
given, where RESULT is either
    {"error": "message"}                           the engine refused or failed
or  {"num_rows": N, "columns": [COLUMN, ...]}      columns in file order
with COLUMN = {"name": NAME, "type": ARROW_TYPE, "values": [...]}
or, for a type without a canonical form,
      COLUMN = {"name": NAME, "type": ARROW_TYPE, "unsupported": ARROW_TYPE, "values": []}.
("type" is information only: the arrow type the engine produced.)

--columns keeps only the named top-level columns (still in file order); a
name the file does not have is an error for that file.

Canonical value forms (every scalar value is a JSON string, or null):
  null                 null
  boolean              "true" / "false"
  integers (any width, signed or not)  decimal text: "-12", "18446744073709551615"
  float32 / float64    Python repr(float(v)): "1.5", "nan", "inf", "-inf", "-0.0",
                       "0.10000000149011612" (a float32 0.1); compare bit-exactly,
                       any NaN equals any NaN
  string               the string itself (string, large_string, string_view)
  binary               "0x" + lowercase hex (binary, large_binary,
                       fixed_size_binary, binary_view)
  date32 / date64      "YYYY-MM-DD" (proleptic Gregorian; the year has at least
                       4 digits and a leading "-" when negative, e.g. "-0001-12-31",
                       "10000-01-01"); date64 is floor-divided to whole days
  timestamp (any unit) integer nanoseconds since the Unix epoch, + "Z" when the
                       arrow type has a time zone: "1700000000123000000Z"; exact
                       beyond the int64 range too (INT96 far dates are not wrapped)
  time32 / time64      integer nanoseconds since midnight: "3723000000000"
  decimal (any width)  exact plain text with exactly `scale` digits after the
                       point, from the unscaled integer: "-0.05", "12.30", "7",
                       "-0.001"; never an exponent
  dictionary           the decoded values, canonicalized by the value type
  list (list, large_list)
                       a JSON array of the elements' canonical values: ["1", null]
  struct               a JSON object of the fields' canonical values: {"a": "1", "b": null}
  map                  a JSON array of [key, value] pairs, in order: [["k", "1"], ["j", null]]
  anything else (fixed_size_list, float16, interval, extension, ...)
                       the column is marked "unsupported"
  Nested values follow the same rules at every depth (INT96 inside a nested
  column is not corrected, see below).

Each file is read in a forked child process (where fork exists), so a crash
or a hang of the engine on one file becomes {"error": ...} for that file only
and the others are still read. The output is always one JSON object.
"""

import argparse
import json
import os
import select
import signal
import sys
import time
import warnings

warnings.filterwarnings("ignore")

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except Exception as exc:  # pragma: no cover - reported per file below
    pa = None
    pq = None
    _PYARROW_IMPORT_ERROR = f"cannot import pyarrow: {exc}"
else:
    _PYARROW_IMPORT_ERROR = None


# ---------------------------------------------------------------------------
# Canonical forms
# ---------------------------------------------------------------------------

_TS_FACTOR = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}


class Unsupported(Exception):
    pass


class ColumnNotFound(Exception):
    pass


def _days_to_civil(z):
    """Days since 1970-01-01 -> (year, month, day), proleptic Gregorian (H. Hinnant)."""
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    if m <= 2:
        y += 1
    return y, m, d


def format_date(days):
    y, m, d = _days_to_civil(days)
    year = f"-{-y:04d}" if y < 0 else f"{y:04d}"
    return f"{year}-{m:02d}-{d:02d}"


def format_decimal(unscaled, scale):
    if scale <= 0:
        return str(unscaled * 10 ** (-scale))
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled)).rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def _ints(chunk, int_type):
    return chunk.cast(int_type).to_pylist()


def _decimal_unscaled(chunk):
    """Unscaled integers straight from the data buffer (exact at any precision)."""
    width = chunk.type.byte_width
    buf = chunk.buffers()[1]
    data = memoryview(buf) if buf is not None else memoryview(b"")
    base = chunk.offset
    valid = chunk.is_valid().to_pylist() if chunk.null_count else None
    out = []
    for i in range(len(chunk)):
        if valid is not None and not valid[i]:
            out.append(None)
            continue
        start = (base + i) * width
        out.append(int.from_bytes(data[start:start + width], "little", signed=True))
    return out


def canonical_chunk(chunk):
    """Canonical values of one pyarrow Array."""
    t = chunk.type
    types = pa.types
    if types.is_dictionary(t):
        return canonical_chunk(chunk.dictionary_decode())
    if types.is_null(t):
        return [None] * len(chunk)
    if types.is_boolean(t):
        return [None if v is None else ("true" if v else "false") for v in chunk.to_pylist()]
    if types.is_integer(t):
        return [None if v is None else str(v) for v in chunk.to_pylist()]
    if types.is_float32(t) or types.is_float64(t):
        return [None if v is None else repr(float(v)) for v in chunk.to_pylist()]
    if (types.is_string(t) or types.is_large_string(t)
            or (hasattr(types, "is_string_view") and types.is_string_view(t))):
        return chunk.to_pylist()
    if (types.is_binary(t) or types.is_large_binary(t) or types.is_fixed_size_binary(t)
            or (hasattr(types, "is_binary_view") and types.is_binary_view(t))) \
            and not types.is_decimal(t):
        return [None if v is None else "0x" + v.hex() for v in chunk.to_pylist()]
    if types.is_date32(t):
        return [None if v is None else format_date(v) for v in _ints(chunk, pa.int32())]
    if types.is_date64(t):
        return [None if v is None else format_date(v // 86_400_000) for v in _ints(chunk, pa.int64())]
    if types.is_timestamp(t):
        factor = _TS_FACTOR[t.unit]
        suffix = "Z" if t.tz else ""
        return [None if v is None else f"{v * factor}{suffix}" for v in _ints(chunk, pa.int64())]
    if types.is_time32(t) or types.is_time64(t):
        factor = _TS_FACTOR[t.unit]
        int_type = pa.int32() if types.is_time32(t) else pa.int64()
        return [None if v is None else str(v * factor) for v in _ints(chunk, int_type)]
    if types.is_decimal(t):
        return [None if v is None else format_decimal(v, t.scale) for v in _decimal_unscaled(chunk)]
    if types.is_struct(t):
        return _canonical_struct(chunk)
    if types.is_map(t):
        # The entries are a non-null struct<key, value> child (whatever its field names); offsets index into it.
        keys, items = chunk.values.flatten()
        return _by_offsets(chunk, [list(pair) for pair in zip(canonical_chunk(keys), canonical_chunk(items))])
    if types.is_list(t) or types.is_large_list(t):
        return _by_offsets(chunk, canonical_chunk(chunk.values))
    raise Unsupported(str(t))


def _by_offsets(chunk, children):
    """One JSON array per non-null row of a list or map array, from its offsets into `children`."""
    offsets = chunk.offsets.to_pylist()
    valid = chunk.is_valid().to_pylist()
    return [children[offsets[i]:offsets[i + 1]] if valid[i] else None for i in range(len(chunk))]


def _canonical_struct(chunk):
    names = [chunk.type.field(k).name for k in range(chunk.type.num_fields)]
    fields = [canonical_chunk(child) for child in chunk.flatten()]
    valid = chunk.is_valid().to_pylist()
    return [{name: fields[k][i] for k, name in enumerate(names)} if valid[i] else None
            for i in range(len(chunk))]


def canonical_column(name, column):
    """column: pyarrow ChunkedArray (or Array)."""
    t = column.type
    entry = {"name": name, "type": str(t)}
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    values = []
    try:
        if isinstance(t, pa.ExtensionType):
            raise Unsupported(str(t))
        for chunk in chunks:
            values.extend(canonical_chunk(chunk))
    except Unsupported as u:
        entry["unsupported"] = str(u)
        entry["values"] = []
        return entry
    if len(values) != len(column):
        raise RuntimeError(f"column {name!r}: {len(values)} values for {len(column)} rows")
    entry["values"] = values
    return entry


def canonical_table(table, wanted=None):
    names = table.column_names
    if wanted is not None:
        missing = [w for w in wanted if w not in names]
        if missing:
            raise ColumnNotFound("no column " + ", ".join(repr(m) for m in missing))
    columns = []
    for i, name in enumerate(names):
        if wanted is not None and name not in wanted:
            continue
        columns.append(canonical_column(name, table.column(i)))
    return {"num_rows": table.num_rows, "columns": columns}


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------

def _int96_top_level_columns(pf):
    out = []
    for i in range(len(pf.schema)):
        col = pf.schema.column(i)
        if col.physical_type == "INT96" and col.path == col.name:
            out.append(col.name)
    return out


def _fix_int96(path, result, names):
    """pyarrow reads INT96 timestamps as int64 nanoseconds, silently wrapping
    outside 1677..2262. Re-read those columns in milliseconds (no wrap for any
    INT96: its Julian day is an int32) and recover the exact nanoseconds:
    true = wrapped + k * 2**64, with |true - millis * 10**6| < 10**6."""
    with pq.ParquetFile(path, coerce_int96_timestamp_unit="ms") as pf:
        table = pf.read(columns=names)
    for entry in result["columns"]:
        if entry["name"] not in names or "unsupported" in entry:
            continue
        col = table.column(entry["name"])
        millis = []
        for chunk in col.chunks:
            millis.extend(chunk.cast(pa.int64()).to_pylist())
        fixed = []
        for v, ms in zip(entry["values"], millis):
            if v is None or ms is None:
                fixed.append(v)
                continue
            suffix = "Z" if v.endswith("Z") else ""
            wrapped = int(v[:-1] if suffix else v)
            k = (ms * 10 ** 6 - wrapped + 2 ** 63) // 2 ** 64
            fixed.append(f"{wrapped + k * 2 ** 64}{suffix}")
        entry["values"] = fixed


def read_pyarrow(path, wanted):
    if _PYARROW_IMPORT_ERROR:
        raise RuntimeError(_PYARROW_IMPORT_ERROR)
    with pq.ParquetFile(path) as pf:
        names = pf.schema_arrow.names
        if wanted is not None:
            missing = [w for w in wanted if w not in names]
            if missing:
                raise ColumnNotFound("no column " + ", ".join(repr(m) for m in missing))
            table = pf.read(columns=[n for n in names if n in wanted])
        else:
            table = pf.read()
        int96 = [n for n in _int96_top_level_columns(pf) if n in table.column_names]
    result = canonical_table(table, wanted)
    if int96:
        _fix_int96(path, result, int96)
    return result


def _quote_ident(name):
    return '"' + name.replace('"', '""') + '"'


def read_duckdb(path, wanted):
    import duckdb

    con = duckdb.connect()
    try:
        if wanted is None:
            select_list = "*"
        else:
            names = con.sql("SELECT * FROM read_parquet(?) LIMIT 0", params=[path]).columns
            missing = [w for w in wanted if w not in names]
            if missing:
                raise ColumnNotFound("no column " + ", ".join(repr(m) for m in missing))
            select_list = ", ".join(_quote_ident(n) for n in names if n in wanted)
        rel = con.sql(f"SELECT {select_list} FROM read_parquet(?)", params=[path])
        if hasattr(rel, "to_arrow_table"):
            table = rel.to_arrow_table()
        elif hasattr(rel, "fetch_arrow_table"):
            table = rel.fetch_arrow_table()
        else:
            table = rel.arrow()
        if isinstance(table, pa.RecordBatchReader):
            table = table.read_all()
        return canonical_table(table, wanted)
    finally:
        con.close()


ENGINES = {"pyarrow": read_pyarrow, "duckdb": read_duckdb}


def describe_error(exc):
    msg = str(exc).strip() or type(exc).__name__
    first = msg.splitlines()[0] if msg else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def read_one(engine, path, wanted):
    """Never raises: returns a RESULT dict."""
    try:
        if not os.path.exists(path):
            return {"error": f"FileNotFoundError: no such file: {path}"}
        if not os.path.isfile(path):
            return {"error": f"NotAFile: not a regular file: {path}"}
        return ENGINES[engine](path, wanted)
    except BaseException as exc:  # noqa: BLE001 - every failure is a result
        if isinstance(exc, KeyboardInterrupt):
            raise
        return {"error": describe_error(exc)}


def _encode(result):
    return json.dumps(result, ensure_ascii=False, allow_nan=False).encode("utf-8")


def read_isolated(engine, path, wanted, timeout):
    """Reads one file in a forked child; a crash or hang becomes an error result."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(rfd)
            try:
                data = _encode(read_one(engine, path, wanted))
            except BaseException as exc:  # noqa: BLE001
                data = _encode({"error": describe_error(exc)})
            view = memoryview(data)
            while view:
                n = os.write(wfd, view)
                view = view[n:]
            os.close(wfd)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(wfd)
    parts = []
    deadline = time.monotonic() + timeout
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            break
        ready, _, _ = select.select([rfd], [], [], remaining)
        if not ready:
            continue
        chunk = os.read(rfd, 1 << 20)
        if not chunk:
            break
        parts.append(chunk)
    os.close(rfd)
    if timed_out:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    if timed_out:
        return {"error": f"Timeout: the {engine} engine took more than {timeout:g} s"}
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        try:
            signame = signal.Signals(sig).name
        except ValueError:
            signame = str(sig)
        return {"error": f"Crash: the {engine} engine died with signal {signame}"}
    try:
        return json.loads(b"".join(parts).decode("utf-8"))
    except Exception as exc:  # noqa: BLE001
        return {"error": f"Crash: the {engine} engine ended without a result "
                         f"(exit status {os.WEXITSTATUS(status)}; {describe_error(exc)})"}


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Print canonical JSON values of Parquet files read by an oracle engine.")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="pyarrow")
    parser.add_argument("--columns", default=None,
                        help="comma-separated top-level column names to keep")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds allowed per file (default 120)")
    parser.add_argument("--no-isolation", action="store_true",
                        help="read every file in this process (no fork)")
    parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)

    wanted = None
    if args.columns is not None:
        wanted = [c for c in args.columns.split(",") if c != ""]

    isolate = hasattr(os, "fork") and not args.no_isolation
    results = {}
    for path in args.files:
        if isolate:
            results[path] = read_isolated(args.engine, path, wanted, args.timeout)
        else:
            results[path] = read_one(args.engine, path, wanted)

    out = sys.stdout.buffer
    out.write(json.dumps(results, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    out.write(b"\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
