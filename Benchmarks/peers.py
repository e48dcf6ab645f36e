#!/usr/bin/env python3
"""The peers of the Parquet benchmark: pyarrow and DuckDB on the same data.

Run by parquet-bench (Sources/parquet-bench), which writes the data with
Vigie first and passes that file as --input. Loading it is not timed; then:

  pyarrow, one CPU thread and one I/O thread:
    write  pq.write_table(table, path, compression='snappy')
    read   pq.read_table(path, use_threads=False)
  DuckDB, SET threads=N for each N of --duckdb-threads, from an in-memory
  table built from the Arrow table (not timed):
    write  COPY (SELECT * FROM tbl) TO path (FORMAT parquet, COMPRESSION snappy)
    read   CREATE TABLE t2 AS SELECT * FROM read_parquet(path)
  interop: pyarrow and DuckDB (one thread) reading Vigie's file.

Each measure is taken --runs times, in wall-clock seconds (time.perf_counter)
and CPU seconds of the whole process (time.process_time, all threads); all
the times go out so the caller keeps the best. Prints one JSON object on
stdout; progress goes to stderr.
"""
import argparse
import gc
import json
import os
import platform
import sys
import time

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def measure(label, runs, body, prepare=None, cleanup=None):
    """Wall-clock and CPU seconds (user + system, all threads of the process) of each run."""
    times, cpus = [], []
    for run in range(runs):
        if prepare:
            prepare()
        gc.collect()
        gc.disable()
        cpu_start = time.process_time()
        start = time.perf_counter()
        result = body()
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        gc.enable()
        del result
        if cleanup:
            cleanup()
        times.append(elapsed)
        cpus.append(cpu)
        log(f"  {label} run {run + 1}: {elapsed:.3f} s (cpu {cpu:.3f} s)")
    return times, cpus


def remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def sql_string(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--input", required=True, help="Vigie's Parquet file (the data)")
    parser.add_argument("--dir", required=True, help="folder for the peers' files")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, help="expected row count (checked)")
    parser.add_argument("--duckdb-threads", default="1,2")
    args = parser.parse_args()

    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)

    log("pyarrow: loading the input (not timed)")
    table = pq.read_table(args.input)
    if args.rows is not None and table.num_rows != args.rows:
        sys.exit(f"the input has {table.num_rows} rows, expected {args.rows}")

    def check(t, what):
        if t.num_rows != table.num_rows:
            sys.exit(f"{what}: {t.num_rows} rows, expected {table.num_rows}")

    engines = []
    interop = []

    # pyarrow
    path = os.path.join(args.dir, "pyarrow.parquet")
    log("pyarrow: write")
    write, write_cpu = measure("write", args.runs,
                               lambda: pq.write_table(table, path, compression="snappy"),
                               prepare=lambda: remove(path))
    log("pyarrow: read")
    read, read_cpu = measure("read", args.runs, lambda: pq.read_table(path, use_threads=False))
    check(pq.read_table(path), "pyarrow's file")
    engines.append(dict(name="pyarrow", threads=1, write=write, read=read, write_cpu=write_cpu, read_cpu=read_cpu,
                        file=path, file_bytes=os.path.getsize(path)))
    log("pyarrow: read Vigie's file")
    read, read_cpu = measure("read vigie", args.runs, lambda: pq.read_table(args.input, use_threads=False))
    interop.append(dict(reader="pyarrow", threads=1, file=args.input, read=read, read_cpu=read_cpu))

    # DuckDB
    for threads in [int(t) for t in args.duckdb_threads.split(",") if t]:
        con = duckdb.connect()
        con.execute(f"SET threads={threads}")
        con.register("arrow_input", table)
        con.execute("CREATE TABLE tbl AS SELECT * FROM arrow_input")
        con.unregister("arrow_input")
        suffix = "" if threads == 1 else f"-{threads}threads"
        path = os.path.join(args.dir, f"duckdb{suffix}.parquet")
        log(f"DuckDB ({threads} thread(s)): write")
        write, write_cpu = measure("write", args.runs,
                                   lambda: con.execute(f"COPY (SELECT * FROM tbl) TO {sql_string(path)} "
                                                       "(FORMAT parquet, COMPRESSION snappy)"),
                                   prepare=lambda: remove(path))
        log(f"DuckDB ({threads} thread(s)): read")
        read, read_cpu = measure("read", args.runs,
                                 lambda: con.execute("CREATE TABLE t2 AS SELECT * FROM read_parquet("
                                                     f"{sql_string(path)})"),
                                 cleanup=lambda: con.execute("DROP TABLE t2"))
        n = con.execute(f"SELECT count(*) FROM read_parquet({sql_string(path)})").fetchone()[0]
        if n != table.num_rows:
            sys.exit(f"DuckDB's file: {n} rows, expected {table.num_rows}")
        engines.append(dict(name="duckdb", threads=threads, write=write, read=read, write_cpu=write_cpu,
                            read_cpu=read_cpu, file=path, file_bytes=os.path.getsize(path)))
        if threads == 1:
            log("DuckDB (1 thread): read Vigie's file")
            read, read_cpu = measure("read vigie", args.runs,
                                     lambda: con.execute("CREATE TABLE t2 AS SELECT * FROM read_parquet("
                                                         f"{sql_string(args.input)})"),
                                     cleanup=lambda: con.execute("DROP TABLE t2"))
            interop.append(dict(reader="duckdb", threads=1, file=args.input, read=read, read_cpu=read_cpu))
        con.close()

    json.dump(dict(python=platform.python_version(), pyarrow=pa.__version__, duckdb=duckdb.__version__,
                   engines=engines, interop=interop), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
