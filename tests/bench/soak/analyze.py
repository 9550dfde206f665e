#!/usr/bin/env python3
"""The soak's figures (tests/bench/soak.sh): memory drift, latency drift and peak ratios.

Reads what soak.sh collected:
  --samples  samples.tsv: a "start" row (RSS at the start of the steady phase), then one row per
             interval of ccrm-suite-flow --mode=rate (flows, latencies, RSS of each process)
  --results  one line per tool run: "name=<run> <the tool's RESULT fields>"
  --events   key=value lines: records and follow-up tasks counted in the databases
Prints the tables, writes the report section "soak" (--out, the reliability report's JSON shape)
and exits 1 on a gross leak: a service whose RSS at the end of the steady phase is more than 3x
and more than 200 MiB above its RSS at the start (MariaDB's is reported only). Timing figures
never fail the run.

Example:
  analyze.py --samples logs/samples.tsv --results logs/results.txt --events logs/events.txt \
      --mode short --rate 120 --steady-seconds 60 --clean-stop 1 --out reliability/soak.json
"""

import argparse
import datetime
import json
import os
import sys

PROCESSES = [
    ("rss_profile", "customer-profile"),
    ("rss_rating", "credit-rating"),
    ("rss_relationship", "relationship-service"),
    ("rss_risk", "risk-warning"),
    ("rss_mariadbd", "mariadbd"),
]
# MariaDB's memory is reported but not judged: its buffer pool (256 MiB, deploy/local/lib/
# mariadb.sh) fills as the soak adds rows, which is caching, not a leak of ours.
NOT_JUDGED = {"mariadbd"}
# A leak this gross fails the soak; anything less is reported only.
LEAK_FACTOR = 3.0
LEAK_MIB = 200.0
# Rows of the per-interval table in the report.
MAX_TABLE_ROWS = 31

# (service, rpc, kind, baselines it is divided by), in report order.
PEAKS = [
    ("customer-profile", "create_customer", "write", ["db_insert", "echo"]),
    ("customer-profile", "get_customer", "read", ["db_read", "echo"]),
    ("credit-rating", "rate_customer", "write", ["db_insert", "echo"]),
    ("credit-rating", "list_ratings", "read", ["db_read", "echo"]),
    ("relationship-service", "log_interaction", "write", ["db_insert", "echo"]),
    ("relationship-service", "list_interactions", "read", ["db_read", "echo"]),
    ("risk-warning", "record_observation", "write", ["db_insert", "echo"]),
    ("risk-warning", "get_exposure", "read", ["db_read", "echo"]),
]


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def read_samples(path):
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    header, rows = lines[0], lines[1:]
    return [dict(zip(header, row)) for row in rows]


def read_keyed_lines(path):
    """{name: {key: value}} from "name=<run> key=value ..." lines (the last line of a name wins)."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            if "name" in fields:
                out[fields["name"]] = fields
    return out


def read_events(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for part in line.split():
                key, _, value = part.partition("=")
                out[key] = value
    return out


def slope_per_minute(points):
    """Least-squares slope of (seconds, MiB) points, in MiB per minute; None for < 2 points."""
    if len(points) < 2:
        return None
    n = len(points)
    mean_t = sum(t for t, _ in points) / n
    mean_v = sum(v for _, v in points) / n
    var = sum((t - mean_t) ** 2 for t, _ in points)
    if var == 0:
        return None
    cov = sum((t - mean_t) * (v - mean_v) for t, v in points)
    return cov / var * 60.0


def fmt(value, digits=1):
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def memory_drift(samples):
    """Per process: start, end, max, slope (MiB/min), end - start; and whether it leaked."""
    start = next((s for s in samples if s["index"] == "start"), None)
    intervals = [s for s in samples if s["index"] != "start"]
    rows, leaks = [], []
    for column, name in PROCESSES:
        points = []
        if start is not None and number(start.get(column)) is not None:
            points.append((0.0, number(start[column])))
        for s in intervals:
            t, v = number(s.get("t_s")), number(s.get(column))
            if t is not None and v is not None:
                points.append((t, v))
        if not points:
            rows.append([name, "-", "-", "-", "-", "-"])
            continue
        first, last = points[0][1], points[-1][1]
        peak = max(v for _, v in points)
        growth = last - first
        slope = slope_per_minute(points)
        rows.append([name, fmt(first), fmt(last), fmt(peak), fmt(slope, 2), f"{growth:+.1f}"])
        if name not in NOT_JUDGED and last > LEAK_FACTOR * first and growth > LEAK_MIB:
            leaks.append(f"{name}: {first:.1f} -> {last:.1f} MiB")
    return rows, leaks


def latency_drift(intervals):
    """Mean of the intervals' p50 and p99 in the first and the last third of the steady phase."""
    n = len(intervals)
    if n == 0:
        return None
    third = max(1, n // 3)
    first, last = intervals[:third], intervals[n - third:]
    out = {}
    for key in ("p50_ms", "p99_ms", "flows_per_s"):
        a = mean([number(s.get(key)) for s in first])
        b = mean([number(s.get(key)) for s in last])
        out[key] = (a, b)
    out["intervals_per_third"] = third
    return out


def peak_rows(results):
    rows, lines = [], []
    for name in ("echo", "db_read", "db_insert"):
        r = results.get(name, {})
        rows.append(["baseline", name, "-", r.get("qps", "-"), r.get("p50_ms", "-"),
                     r.get("p99_ms", "-"), r.get("errors", "-"), "-", "-"])
    for service, rpc, kind, baselines in PEAKS:
        r = results.get(rpc, {})
        qps = number(r.get("qps"))
        ratios = []
        for base in baselines:
            b = number(results.get(base, {}).get("qps"))
            ratio = qps / b if qps is not None and b else None
            ratios.append(fmt(ratio, 2))
            lines.append(f"  {rpc + ' / ' + base:40s} {fmt(ratio, 2):>6s}")
        rows.append([service, rpc, kind, r.get("qps", "-"), r.get("p50_ms", "-"),
                     r.get("p99_ms", "-"), r.get("errors", "-"), ratios[0], ratios[1]])
    return rows, lines


def print_table(title, columns, rows):
    print(f"\n{title}")
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) if rows else len(str(c))
              for i, c in enumerate(columns)]
    print("  " + "  ".join(str(c).rjust(w) for c, w in zip(columns, widths)))
    for r in rows:
        print("  " + "  ".join(str(v).rjust(w) for v, w in zip(r, widths)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--events", required=True)
    parser.add_argument("--mode", choices=["short", "long"], required=True)
    parser.add_argument("--rate", type=int, required=True)
    parser.add_argument("--steady-seconds", type=int, required=True)
    parser.add_argument("--clean-stop", type=int, required=True)
    parser.add_argument("--elapsed-seconds", type=int, default=0)
    parser.add_argument("--out", default="")
    args = parser.parse_args()

    samples = read_samples(args.samples)
    results = read_keyed_lines(args.results)
    events = read_events(args.events)
    intervals = [s for s in samples if s["index"] != "start"]
    soak = results.get("soak", {})
    capacity = results.get("capacity", {})

    interval_columns = ["t_s", "flows/s", "p50 ms", "p99 ms", "failed", "late", "behind"] + [
        f"RSS {name} MiB" for _, name in PROCESSES]
    interval_rows = []
    for s in samples:
        t = "0 (start)" if s["index"] == "start" else s.get("t_s", "-")
        interval_rows.append([t, s.get("flows_per_s", "-"), s.get("p50_ms", "-"),
                              s.get("p99_ms", "-"), s.get("failed", "-"), s.get("late", "-"),
                              s.get("behind", "-")] + [s.get(c, "-") for c, _ in PROCESSES])

    # A long soak has ~90 intervals: the report shows at most MAX_TABLE_ROWS of them, evenly
    # spaced, always the start and the last one (every figure above uses all of them).
    shown = interval_rows
    samples_title = "Samples per interval"
    if len(interval_rows) > MAX_TABLE_ROWS:
        step = -(-(len(interval_rows) - 1) // (MAX_TABLE_ROWS - 1))
        picked = list(range(0, len(interval_rows), step))
        if picked[-1] != len(interval_rows) - 1:
            picked.append(len(interval_rows) - 1)
        shown = [interval_rows[i] for i in picked]
        samples_title = (f"Samples per interval (1 in {step} of the {len(interval_rows) - 1} "
                         "intervals)")

    drift_columns = ["process", "RSS start MiB", "RSS end MiB", "RSS max MiB",
                     "slope MiB/min", "end - start MiB"]
    drift_rows, leaks = memory_drift(samples)

    latency = latency_drift(intervals)
    latency_columns = ["figure", "first third", "last third", "change"]
    latency_rows = []
    if latency:
        for key, label in (("p50_ms", "flow p50 ms (mean of intervals)"),
                           ("p99_ms", "flow p99 ms (mean of intervals)"),
                           ("flows_per_s", "flows/s")):
            a, b = latency[key]
            change = f"{(b - a) / a * 100:+.0f} %" if a and b is not None else "-"
            latency_rows.append([label, fmt(a, 2), fmt(b, 2), change])

    peak_columns = ["service", "rpc", "kind", "qps", "p50 ms", "p99 ms", "errors",
                    "/ db baseline", "/ echo"]
    peaks, ratio_lines = peak_rows(results) if "echo" in results else ([], [])

    failed = int(number(soak.get("errors")) or 0)
    requests_lost = int(number(events.get("requests_lost")) or 0)
    events_bad = int(number(events.get("tasks_missing")) or 0) + int(
        number(events.get("tasks_twice")) or 0)
    steady_s = number(soak.get("duration_s")) or 0.0
    figures = [
        ["mode", args.mode],
        ["steady phase", f"{steady_s:.0f} s at {args.rate} flows/s (open loop), "
                         f"{len(intervals)} intervals of {soak.get('interval_s', '-')} s"],
        ["closed-loop capacity (16 in flight)",
         f"{capacity.get('qps')} flows/s" if capacity else "not measured (SOAK_RATE given)"],
        ["flows scheduled / started / completed",
         f"{soak.get('scheduled', '-')} / {soak.get('started', '-')} / {soak.get('completed', '-')}"],
        ["flows failed (warm-up and steady)", str(failed)],
        ["flows started late (> 100 ms) / not started",
         f"{soak.get('late', '-')} / {soak.get('not_started', '-')}"],
        ["flow p50 / p99 / max over the steady phase",
         f"{soak.get('p50_ms', '-')} / {soak.get('p99_ms', '-')} / {soak.get('max_ms', '-')} ms"],
        ["records per answered flow (customer, facility, alert)",
         f"{events.get('customers_new', '-')}, {events.get('exposures_new', '-')}, "
         f"{events.get('alerts_new', '-')} for {events.get('flows_answered', '-')} flows"],
        ["follow-up tasks missing / twice (alert events)",
         f"{events.get('tasks_missing', '-')} / {events.get('tasks_twice', '-')} "
         f"(feed caught up {events.get('catch_up_s', '-')} s after the last flow)"],
        ["services exited 0 on SIGTERM", "yes" if args.clean_stop == 1 else "NO"],
        ["gross leak of a service (RSS > 3x and > +200 MiB)", "; ".join(leaks) if leaks else "none"],
        ["whole run", f"{args.elapsed_seconds} s"],
    ]
    if latency:
        a, b = latency["p99_ms"]
        figures.append(["flow p99 first third -> last third", f"{fmt(a, 1)} -> {fmt(b, 1)} ms"])

    notes = [
        "The flow: CreateCustomer (customer-profile), ListRatings (credit-rating), CreateExposure "
        "with an installment 40 days overdue (risk-warning, opens an alert), ListTasks "
        "(relationship-service); every event feed followed, as deploy/local/up.sh runs the suite.",
        "Open loop: flows start on schedule whether or not earlier ones are done; latency runs "
        "from the scheduled start, so waiting for a free worker counts. 'late' = started over "
        "100 ms after schedule, 'behind' = due but not yet started at the interval's end.",
        "RSS is VmRSS from /proc/<pid>/status at the start of the steady phase (after the "
        "warm-up) and after each interval; slope is a least-squares fit over those samples.",
        "Peak: closed loops of the tools of tests/bench/run.sh in short windows, with the "
        "services restarted without event feeds; writes are divided by the raw durable insert "
        "(db_insert), reads by the raw primary-key read (db_read), both by the bare gRPC echo. "
        "Timing figures come from a shared machine and never fail the run.",
    ]
    if args.mode == "short":
        notes.append("Short form: figures are indicative; tests/run.sh --long soaks for 15 min.")

    report = {
        "section": "soak",
        "title": "Soak and peak throughput",
        "mode": args.mode,
        "written_at": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "figures": figures,
        "totals": {
            "soak_seconds": round(steady_s, 1),
            "requests_lost": requests_lost + failed,
            "events_lost_or_duplicated": events_bad,
        },
        "tables": [
            {"title": samples_title, "columns": interval_columns, "rows": shown},
            {"title": "Memory drift over the steady phase", "columns": drift_columns,
             "rows": drift_rows},
            {"title": "Flow latency drift", "columns": latency_columns, "rows": latency_rows},
            {"title": "Peak throughput as ratios to the baselines", "columns": peak_columns,
             "rows": peaks},
        ],
        "notes": notes,
    }

    for label, value in figures:
        print(f"{label}: {value}")
    print_table("Samples per interval", interval_columns, interval_rows)
    print_table("Memory drift over the steady phase", drift_columns, drift_rows)
    print_table("Flow latency drift", latency_columns, latency_rows)
    if peaks:
        print_table("Peak throughput", peak_columns, peaks)
        print("\nratios (QPS):")
        print("\n".join(ratio_lines))
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(report, f, ensure_ascii=False, indent=2)
            f.write("\n")
        os.replace(tmp, args.out)
        print(f"\nreport section written to {args.out}")
    if leaks:
        print("gross leak: " + "; ".join(leaks), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
