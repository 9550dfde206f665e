#!/usr/bin/python3
"""Renders the reliability report (docs/reliability.md) from the JSON sections the reliability
tests write (tests/fault/report/reliability_report.h describes the shape).

Usage: render_report.py RESULTS_DIR OUT.md [--command TEXT]

Exits 1 when RESULTS_DIR holds no section, or a section does not parse.
"""
import argparse
import json
import pathlib
import platform
import sys

# Sections in reading order; any other section follows, by name.
ORDER = ["db_faults", "service_faults", "overload", "hostile_input", "fuzz", "access_control",
         "soak"]

# Totals the report adds up across sections, with how they read.
TOTALS = [
    ("faults_injected", "faults injected"),
    ("faults_survived", "faults survived (service back by itself, nothing lost)"),
    ("requests_lost", "acknowledged requests lost"),
    ("events_lost_or_duplicated", "events lost or applied twice"),
    ("hostile_inputs", "hostile inputs sent"),
    ("hostile_handled", "hostile inputs answered as expected"),
    ("fuzz_executions", "fuzz executions"),
    ("soak_seconds", "soak duration (s)"),
]


def cell(value):
    text = str(value).replace("|", "\\|").replace("\n", " ")
    return text if text else " "


def number(value):
    return str(int(value)) if float(value).is_integer() else f"{value:.3g}"


def render(sections, command):
    modes = sorted({s.get("mode", "short") for s in sections})
    written = max(s.get("written_at", "") for s in sections)
    out = ["# Reliability report", ""]
    out.append("Generated from the reliability tests' results by "
               "`tests/fault/report/render_report.py`; do not edit by hand. "
               "Regenerate it with:")
    out += ["", "```", command, "```", ""]
    out.append(f"Form: **{', '.join(modes)}**; last section written {written}; machine: "
               f"{platform.machine()}, {_cpus()} CPUs. The tests themselves fail on any lost "
               "request, wrong code or leak; the figures below are what they measured.")
    out += ["", "## Totals", "", "| figure | value |", "| --- | --- |"]
    for key, label in TOTALS:
        values = [s["totals"][key] for s in sections if key in s.get("totals", {})]
        out.append(f"| {label} | {number(sum(values)) if values else 'not run'} |")
    for section in sections:
        out += ["", f"## {section['title']}", ""]
        figures = section.get("figures", [])
        if figures:
            out += ["| figure | value |", "| --- | --- |"]
            out += [f"| {cell(label)} | {cell(value)} |" for label, value in figures]
        for table in section.get("tables", []):
            out += ["", f"**{table['title']}**", ""]
            out.append("| " + " | ".join(cell(c) for c in table["columns"]) + " |")
            out.append("|" + " --- |" * len(table["columns"]))
            out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in table["rows"]]
        notes = section.get("notes", [])
        if notes:
            out.append("")
            out += [f"- {note}" for note in notes]
    return "\n".join(out) + "\n"


def _cpus():
    import os
    return os.cpu_count()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results_dir", type=pathlib.Path)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--command", default="tests/run.sh --report docs/reliability.md")
    args = parser.parse_args()
    sections = []
    for path in sorted(args.results_dir.glob("*.json")):
        try:
            sections.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            print(f"render_report: {path}: {error}", file=sys.stderr)
            return 1
    if not sections:
        print(f"render_report: no sections in {args.results_dir}", file=sys.stderr)
        return 1
    rank = {name: i for i, name in enumerate(ORDER)}
    sections.sort(key=lambda s: (rank.get(s["section"], len(ORDER)), s["section"]))
    args.out.write_text(render(sections, args.command), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
