"""The Hive oracle: the sandbox's use-case queries, run through the whole engine (their rows in
sandbox.json, written by the engine test `emr_hive::use_case_scripts_...` with HIVE_ORACLE_OUT
set), against the same queries in DuckDB over the same sample files. Each case names its
HiveQL; the DuckDB text beside it reads the raw files the way the Hive table's SerDe does.
Then the log GROUP BY's rows per second: the sandbox natively (measured by the engine test) and
in wasm (the wasm bench's line in wasm.txt), both in the same `make hive-oracle` run, next to
DuckDB on the same bench file, with the machine's load average.

usage: python3 oracle.py <dir>
"""

import json
import math
import os
import re
import sys
import time

import duckdb

# The access-log RegexSerDe pattern of samples/hive/access_logs.q, as the regex engine sees it.
LOG_RE = r'([^ ]*) ([^ ]*) ([^ ]*) \[([^\]]*)\] "([^ ]*) ([^ ]*) ([^"]*)" ([0-9]*) ([0-9]*) "([^"]*)" "([^"]*)"'


def lines_view(con, name, files):
    """A one-column table of the files' lines (what a Hive table without a SerDe sees)."""
    paths = ", ".join(f"'{f}'" for f in files)
    con.execute(
        f"CREATE OR REPLACE TABLE {name} AS "
        f"SELECT unnest(string_split(rtrim(content, chr(10)), chr(10))) AS line FROM read_text([{paths}])"
    )


def access_logs(con, table, files):
    lines_view(con, table + "_raw", files)
    con.execute(
        f"""CREATE OR REPLACE TABLE {table} AS SELECT
            regexp_extract(line, '{LOG_RE}', 6) AS url,
            TRY_CAST(regexp_extract(line, '{LOG_RE}', 8) AS INTEGER) AS status,
            TRY_CAST(regexp_extract(line, '{LOG_RE}', 9) AS BIGINT) AS bytes
        FROM {table}_raw WHERE regexp_full_match(line, '{LOG_RE}')"""
    )


DUCKDB = {
    "access_logs.status_counts": "SELECT status, count(*) AS requests FROM access_logs GROUP BY status ORDER BY status",
    "access_logs.top_urls": "SELECT url, count(*) AS hits FROM access_logs GROUP BY url ORDER BY hits DESC, url LIMIT 10",
    "access_logs.error_rates": """SELECT url, count(*) AS requests,
        sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END) AS errors,
        round(100.0::DOUBLE * sum(CASE WHEN status >= 400 THEN 1 ELSE 0 END) / count(*), 2) AS error_pct
        FROM access_logs GROUP BY url ORDER BY error_pct DESC, url""",
    "clickstream.per_hour": """SELECT strftime(make_timestamp(ts * 1000000), '%Y-%m-%d %H') AS hour, count(*) AS clicks,
        count(DISTINCT user_id) AS visitors FROM clicks GROUP BY hour ORDER BY hour""",
    "clickstream.active_half_hours": """SELECT user_id, count(DISTINCT floor(ts / 1800)) AS active_half_hours, count(*) AS clicks
        FROM clicks GROUP BY user_id ORDER BY active_half_hours DESC, user_id LIMIT 10""",
    "clickstream.funnel": """WITH funnel_steps AS (SELECT user_id,
            max(CASE WHEN page = '/products' THEN 1 ELSE 0 END) AS saw_products,
            max(CASE WHEN page LIKE '/products/%' THEN 1 ELSE 0 END) AS saw_item,
            max(CASE WHEN page = '/cart' THEN 1 ELSE 0 END) AS saw_cart,
            max(CASE WHEN page = '/checkout' THEN 1 ELSE 0 END) AS saw_checkout
        FROM clicks GROUP BY user_id)
        SELECT count(*), sum(saw_products), sum(saw_item), sum(saw_cart), sum(saw_checkout) FROM funnel_steps""",
    "kmers.reads": "SELECT count(*) FROM reads WHERE regexp_matches(line, '^[ACGT]+$')",
    "kmers.top_8mers": """SELECT substr(r.line, p.pos, 8) AS kmer, count(*) AS n
        FROM reads r, (SELECT range::INTEGER AS pos FROM range(1, 61)) p
        WHERE regexp_matches(r.line, '^[ACGT]+$') AND p.pos <= length(r.line) - 7
        GROUP BY kmer ORDER BY n DESC, kmer LIMIT 10""",
}


def java_double(d):
    """Java's Double.toString, as the Hive CLI prints a double."""
    if d == 0:
        return "0.0"
    if 1e-3 <= abs(d) < 1e7:
        s = repr(float(d))
        return s if "." in s or "e" in s else s + ".0"
    m, e = f"{d:e}".split("e")
    m = repr(float(m))
    return f"{m}E{int(e)}"


def hive_text(v):
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return java_double(v)
    return str(v)


def same(a, b):
    """Rows equal field by field; doubles within 1e-9 relative."""
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b):
        fa, fb = ra.split("\t"), rb.split("\t")
        if len(fa) != len(fb):
            return False
        for x, y in zip(fa, fb):
            if x == y:
                continue
            try:
                if not math.isclose(float(x), float(y), rel_tol=1e-9):
                    return False
            except ValueError:
                return False
    return True


def wasm_rows_per_second(out, rows):
    """The wasm bench's figure, from what wasm-bindgen-test-runner printed (wasm.txt)."""
    try:
        with open(f"{out}/wasm.txt") as f:
            text = f.read()
    except OSError:
        return None
    m = re.search(r"wasm hive log GROUP BY over (\d+) rows: (\d+) rows/s", text)
    if not m:
        return None
    if int(m.group(1)) != rows:
        print(f"FAIL wasm bench read {m.group(1)} rows, the native one {rows}")
        return None
    return float(m.group(2))


def main(out):
    with open(f"{out}/sandbox.json") as f:
        sandbox = json.load(f)
    data = f"{out}/data/samples"
    con = duckdb.connect()
    access_logs(con, "access_logs", [f"{data}/logs/input/access_log-0001", f"{data}/logs/input/access_log-0002"])
    con.execute(
        f"CREATE TABLE clicks AS SELECT * FROM read_csv('{data}/clickstream/input/clicks-0001.tsv', delim='\t', header=false, "
        "columns={'user_id': 'VARCHAR', 'ts': 'BIGINT', 'page': 'VARCHAR'}, quote='', escape='')"
    )
    lines_view(con, "reads", [f"{data}/genomics/input/reads.fastq"])
    failures = 0
    for case in sandbox["cases"]:
        name = case["name"]
        got = ["\t".join(hive_text(v) for v in row) for row in con.execute(DUCKDB[name]).fetchall()]
        ok = same(case["rows"], got)
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {name}: {len(got)} row(s)")
        if not ok:
            print("  HiveQL:  " + " ".join(case["hive"].split()))
            print("  DuckDB:  " + " ".join(DUCKDB[name].split()))
            print(f"  sandbox: {case['rows']}\n  duckdb:  {got}")

    # The log GROUP BY over the bench file: DuckDB parses with the same regex the SerDe uses.
    bench = sandbox["bench"]
    started = time.perf_counter()
    access_logs(con, "bench", [f"{out}/bench.log"])
    rows = con.execute("SELECT status, count(*) FROM bench GROUP BY status ORDER BY status").fetchall()
    duck_secs = time.perf_counter() - started
    got = ["\t".join(hive_text(v) for v in r) for r in rows]
    if got != bench["rows_out"]:
        failures += 1
        print(f"FAIL bench rows: sandbox {bench['rows_out']} duckdb {got}")
    native = bench["rows"] / bench["seconds"]
    duck = bench["rows"] / duck_secs
    wasm = wasm_rows_per_second(out, bench["rows"])
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"log GROUP BY over {bench['rows']} rows (load average {load}, {os.cpu_count()} cores):")
    print(f"  sandbox, whole engine, native test build  {native:>12,.0f} rows/s")
    if wasm is not None:
        print(f"  sandbox, whole engine, wasm (Chromium)    {wasm:>12,.0f} rows/s")
    print(f"  DuckDB {duckdb.__version__:<34} {duck:>12,.0f} rows/s")
    print(f"  ratios: native/DuckDB {native / duck:.3f}", end="")
    if wasm is not None:
        print(f", wasm/DuckDB {wasm / duck:.3f}, wasm/native {wasm / native:.3f}")
    else:
        print("\n  wasm: no figure (wasm.txt has no bench line)")
        failures += 1
    if failures:
        print(f"{failures} case(s) differ")
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1])
