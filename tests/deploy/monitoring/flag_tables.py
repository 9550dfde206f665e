#!/usr/bin/env python3
"""The flag reference tables of docs/operations.md, generated from the services' own --help.

Each service binary prints one entry per flag in --help (common/config/flags.cc, FlagSet::Usage):

    --<name>  $CCRM_<NAME>  default: <value>
        <help text>

This script runs `<build>/services/<svc>/<svc> --help` for the four services (with an empty
environment) and renders Markdown tables: one of the flags every service has with the same default
and text ("shared"), and one per service for the rest. In docs/operations.md each table sits
between the markers

    <!-- BEGIN GENERATED flag-table:<name> -->  ...  <!-- END GENERATED flag-table:<name> -->

Modes:
  --check   (default) exit 1 when the tables in the document differ from what the binaries print,
            naming every flag that is missing, no longer exists, or changed default or text;
  --update  rewrite the tables in the document in place;
  --print   print the tables on stdout.

Example:
  python3 tests/deploy/monitoring/flag_tables.py --build-dir build --check
  python3 tests/deploy/monitoring/flag_tables.py --build-dir build --update

Environment: CCRM_BUILD_DIR (default for --build-dir: <repo>/build), CCRM_REPO_ROOT (default:
three directories up from this file).
"""

import argparse
import os
import re
import subprocess
import sys
from typing import Dict, List, NamedTuple, Tuple

SERVICES = ["customer-profile", "credit-rating", "relationship-service", "risk-warning"]
SHARED = "shared"
HEAD_RE = re.compile(r"^  --(?P<name>[a-z0-9_]+)\s+\$(?P<env>CCRM_[A-Z0-9_]+)\s+"
                     r"default: (?P<default>.*?)\s*$")
HELP_RE = re.compile(r"^      (?P<help>\S.*?)\s*$")
ROW_RE = re.compile(r"^\| `--(?P<name>[a-z0-9_]+)` \|")
BEGIN = "<!-- BEGIN GENERATED flag-table:{} -->"
END = "<!-- END GENERATED flag-table:{} -->"


class Flag(NamedTuple):
    name: str
    env: str
    default: str
    help: str


class Problem(Exception):
    """A defect to report; the message says exactly what is wrong."""


def read_help(build_dir: str, service: str) -> List[Flag]:
    """The flags `service --help` prints, in order."""
    binary = os.path.join(build_dir, "services", service, service)
    if not os.access(binary, os.X_OK):
        raise Problem(f"{binary} is not built (needed to read the flags of {service})")
    # An empty environment: --help must not depend on the caller's CCRM_* variables.
    result = subprocess.run([binary, "--help"], env={}, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise Problem(f"{binary} --help exited {result.returncode}: {result.stderr.strip()[:500]}")
    lines = result.stdout.splitlines()
    if not lines or not lines[0].startswith(f"usage: {service} "):
        raise Problem(f"{binary} --help does not start with 'usage: {service} ...'")
    flags: List[Flag] = []
    i = 1
    while i < len(lines):
        head = HEAD_RE.match(lines[i])
        if head is None:
            raise Problem(f"{binary} --help line {i + 1} is not a flag entry: {lines[i]!r}")
        text = HELP_RE.match(lines[i + 1]) if i + 1 < len(lines) else None
        if text is None:
            raise Problem(f"{binary} --help: flag --{head['name']} has no help line")
        flags.append(Flag(head["name"], head["env"], head["default"], text["help"]))
        i += 2
    if not flags:
        raise Problem(f"{binary} --help lists no flags")
    return flags


def split_shared(per_service: Dict[str, List[Flag]]) -> Dict[str, List[Flag]]:
    """{"shared": flags identical in every service, <service>: that service's other flags}."""
    first = per_service[SERVICES[0]]
    identical = [f for f in first if all(f in per_service[s] for s in SERVICES[1:])]
    tables = {SHARED: identical}
    for service in SERVICES:
        tables[service] = [f for f in per_service[service] if f not in identical]
    return tables


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_row(flag: Flag) -> str:
    return (f"| `--{flag.name}` | `{flag.env}` | `{cell(flag.default)}` | "
            f"{cell(flag.help)} |")


def render_table(flags: List[Flag]) -> List[str]:
    out = ["| flag | environment | default | meaning |", "| --- | --- | --- | --- |"]
    out.extend(render_row(f) for f in flags)
    return out


def find_block(lines: List[str], name: str) -> Tuple[int, int]:
    """Indexes of the BEGIN and END marker lines of table `name`."""
    begin, end = BEGIN.format(name), END.format(name)
    starts = [i for i, line in enumerate(lines) if line.strip() == begin]
    ends = [i for i, line in enumerate(lines) if line.strip() == end]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise Problem(f"the document must hold exactly one '{begin}' followed by one '{end}' "
                      f"(found {len(starts)} and {len(ends)})")
    return starts[0], ends[0]


def compare(name: str, documented: List[str], expected: List[Flag]) -> List[str]:
    """What differs between the rows of a documented table and the flags the binaries print."""
    label = "the flags every service shares" if name == SHARED else name
    problems = []
    doc_rows = {}
    for row in documented:
        m = ROW_RE.match(row)
        if m:
            doc_rows[m["name"]] = row
    want = {f.name: f for f in expected}
    for flag in expected:
        if flag.name not in doc_rows:
            problems.append(f"table '{name}': --{flag.name} ({label}) is not documented; "
                            f"--help says: {render_row(flag)}")
        elif doc_rows[flag.name] != render_row(flag):
            problems.append(f"table '{name}': the row of --{flag.name} differs from --help:\n"
                            f"    document: {doc_rows[flag.name]}\n"
                            f"    --help:   {render_row(flag)}")
    for flag_name in doc_rows:
        if flag_name not in want:
            problems.append(f"table '{name}': documents --{flag_name}, which is not a flag of "
                            f"{label} in --help")
    if not problems and documented != render_table(expected):
        problems.append(f"table '{name}': rows are in another order or the table has other lines "
                        f"than --help gives")
    return problems


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.environ.get("CCRM_REPO_ROOT") or os.path.abspath(os.path.join(here, "..", "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-dir", default=os.environ.get("CCRM_BUILD_DIR")
                        or os.path.join(repo, "build"))
    parser.add_argument("--doc", default=os.path.join(repo, "docs", "operations.md"))
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true")
    mode.add_argument("--update", action="store_true")
    mode.add_argument("--print", action="store_true")
    args = parser.parse_args()

    try:
        per_service = {s: read_help(args.build_dir, s) for s in SERVICES}
        tables = split_shared(per_service)
        if args.print:
            for name, flags in tables.items():
                print("\n".join([BEGIN.format(name)] + render_table(flags) + [END.format(name)]))
            return 0
        with open(args.doc, encoding="utf-8") as f:
            lines = f.read().split("\n")
        problems = []
        for name, flags in tables.items():
            begin, end = find_block(lines, name)
            if args.update:
                lines[begin + 1:end] = render_table(flags)
            else:
                problems.extend(compare(name, lines[begin + 1:end], flags))
        if args.update:
            with open(args.doc, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            print(f"updated {len(tables)} flag tables in {args.doc}")
            return 0
    except Problem as e:
        print(f"flag tables: {e}", file=sys.stderr)
        return 1
    if problems:
        for p in problems:
            print(f"FAIL: {args.doc}: {p}", file=sys.stderr)
        print(f"regenerate with: python3 {os.path.relpath(__file__, repo)} --build-dir "
              f"{args.build_dir} --update", file=sys.stderr)
        return 1
    count = sum(len(v) for v in per_service.values())
    print(f"flag tables: all {count} flags of the four services are documented as --help prints "
          f"them")
    return 0


if __name__ == "__main__":
    sys.exit(main())
