#!/usr/bin/env python3
"""Checks of deploy/monitoring/ used by check_monitoring.sh; each prints what is wrong and exits 1.

Subcommands:
  exposition FILE                 names and types of the metric families in a Prometheus text
                                  exposition (a live /metrics scrape), one "name<TAB>type" a line
  source-metrics REPO             the metric families the C++ sources register (AddCounter /
                                  AddGauge / AddHistogram with a literal name under common/ and
                                  services/), one "name<TAB>type<TAB>exported-by<TAB>file:line"
                                  a line
  metrics-used --exported F --source F --dashboard F --rules F
                                  every metric a dashboard query or alert rule uses is one the
                                  services export (live scrape, plus source for other services)
  dashboard --dashboard F         the Grafana dashboard's shape: datasource and service variables,
                                  every query on ${datasource} and filtered by $service
  promql-rules --dashboard F --rules F
                                  writes (stdout) a rules file with every dashboard query and
                                  alert expression as a recording rule, for `promtool check rules`
  rules-doc --rules F --doc F     each alert has severity page|ticket, summary, description and a
                                  runbook link to its own "### <Alert>" section in the document,
                                  and the document's alert sections are exactly the rules' alerts
  prometheus-config --config F --build-dir D
                                  the jobs promised in docs/operations.md: the local static targets
                                  are the services' default --metrics_listen addresses with the
                                  right `service` label; Kubernetes pod discovery of ccrm's pods
  simulate-k8s --config F --manifests F... --out F --expect F
                                  writes a copy of the config whose Kubernetes job has, instead of
                                  pod discovery, static targets shaped like what Prometheus
                                  discovers for the pods of the rendered manifests, and the
                                  targets the relabelling must keep
  verify-k8s --sd F --expect F    compares `promtool check service-discovery` output with them
  local-config --config F --rules F --target HOST:PORT --service S --out F
                                  writes a config for a Prometheus on this machine: the
                                  ccrm-local job only, its `S` target moved to HOST:PORT,
                                  scraping every second, with the alert rules
  live --prometheus URL --dashboard F --rules F --service S
                                  against a Prometheus scraping one live service: the scraped
                                  series carry service and pod, the dashboard's variables and
                                  queries evaluate, every alert rule evaluates without error

Example:
  /usr/bin/python3 tests/deploy/monitoring/monitoring_check.py dashboard \
      --dashboard deploy/monitoring/grafana-dashboard.json
"""

import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Dict, Iterator, List, Set, Tuple

import yaml

# The --help reader is shared with flag_tables.py; no __pycache__ in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import flag_tables  # noqa: E402

SERVICES = flag_tables.SERVICES
# Series Prometheus itself adds for every target; rules may use them.
PROMETHEUS_SERIES = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
                     "scrape_samples_post_metric_relabeling", "scrape_series_added"}
PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
                "and", "or", "unless", "atan2", "inf", "nan"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")
GRAFANA_INTERVALS = {"__rate_interval": "5m", "__interval": "1m", "__range": "1h"}
DATASOURCE_REF = {"type": "prometheus", "uid": "${datasource}"}
SEVERITIES = {"page", "ticket"}
K8S_SD_KEYS = {"role", "namespaces", "selectors", "api_server", "kubeconfig_file",
               "attach_metadata", "tls_config", "authorization", "bearer_token_file",
               "follow_redirects", "enable_http2", "proxy_url"}
RELABEL_ACTIONS = {"replace", "keep", "drop", "hashmod", "labelmap", "labeldrop", "labelkeep",
                   "keepequal", "dropequal", "lowercase", "uppercase"}
K8S_JOB = "ccrm-kubernetes"
LOCAL_JOB = "ccrm-local"
NAMESPACE = "ccrm"
PART_OF = "app.kubernetes.io/part-of"
APP_NAME = "app.kubernetes.io/name"


class Failures:
    """Collects problems so that one run reports all of them."""

    def __init__(self, what: str):
        self.what = what
        self.items: List[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def finish(self, ok_message: str) -> int:
        for item in self.items:
            print(f"FAIL: {self.what}: {item}", file=sys.stderr)
        if self.items:
            return 1
        print(ok_message)
        return 0


def load_yaml(path: str, failures: Failures):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        failures.add(f"cannot read {path} as YAML: {e}")
        return None


def load_dashboard(path: str, failures: Failures):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        failures.add(f"cannot read {path}: {e}")
    except json.JSONDecodeError as e:
        failures.add(f"{path} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}")
    return None


# --- metric names ---

def parse_exposition(text: str) -> Dict[str, str]:
    """{family name: type} from # TYPE lines; checks every sample belongs to a family."""
    types: Dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("# TYPE "):
            parts = line.split()
            if len(parts) != 4:
                raise ValueError(f"line {number}: malformed TYPE line {line!r}")
            types[parts[2]] = parts[3]
        elif line and not line.startswith("#"):
            name = re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", line)
            if name is None:
                raise ValueError(f"line {number}: not a sample line: {line!r}")
            sample = name.group(0)
            family = sample
            for suffix in HISTOGRAM_SUFFIXES:
                base = sample[: -len(suffix)]
                if sample.endswith(suffix) and types.get(base) == "histogram":
                    family = base
            if family not in types:
                raise ValueError(f"line {number}: sample {sample} has no # TYPE line before it")
    if not types:
        raise ValueError("no metric families (no # TYPE lines)")
    return types


def strip_cc_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def source_metrics(repo: str) -> Tuple[List[Tuple[str, str, str, str]], List[str]]:
    """(name, type, exported by, file:line) per registration, and the problems found."""
    found, problems = [], []
    call = re.compile(r"\bAdd(Counter|Gauge|Histogram)\s*\(")
    literal = re.compile(r'\s*"([^"\\]+)"')
    for top in ("common", "services"):
        for root, dirs, files in os.walk(os.path.join(repo, top)):
            rel_root = os.path.relpath(root, repo)
            # The metrics library itself (its API and examples) and test helpers register nothing.
            if rel_root.startswith(os.path.join("common", "metrics")) or \
                    rel_root.startswith(os.path.join("common", "testing")):
                dirs[:] = []
                continue
            for name in sorted(files):
                if not name.endswith((".cc", ".h")):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    text = strip_cc_comments(f.read())
                rel = os.path.relpath(path, repo)
                parts = rel.split(os.sep)
                exporter = parts[1] if parts[0] == "services" else "every service"
                for m in call.finditer(text):
                    line = text.count("\n", 0, m.start()) + 1
                    lit = literal.match(text, m.end())
                    if lit is None:
                        problems.append(f"{rel}:{line}: Add{m.group(1)} without a literal metric "
                                        f"name; the check cannot know what it exports")
                        continue
                    found.append((lit.group(1), m.group(1).lower(), exporter, f"{rel}:{line}"))
    if not found:
        problems.append(f"no metric registrations found under {repo}/common or {repo}/services")
    return found, problems


def promql_metric_names(expr: str) -> List[str]:
    """Metric names an expression selects (strings, label matchers, ranges, groupings removed)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    if "__name__" in s:
        raise ValueError("selects by __name__, which this check cannot follow")
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"\[[^\[\]]*\]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", " ", s)
    names = []
    token = re.compile(r"[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?[a-zA-Z]*|[a-zA-Z_:][a-zA-Z0-9_:]*")
    for m in token.finditer(s):
        tok = m.group(0)
        if tok[0].isdigit() or tok.lower() in PROMQL_WORDS:
            continue
        if s[m.end():].lstrip().startswith("("):
            continue  # a function or an aggregation
        names.append(tok)
    return names


def grafana_variables(dashboard) -> Set[str]:
    return {v.get("name") for v in dashboard.get("templating", {}).get("list", [])}


def substitute_grafana(expr: str, variables: Set[str]) -> str:
    """The expression as Grafana sends it, with every variable matching anything."""
    def one(m):
        name = m.group(1) or m.group(2)
        if name in GRAFANA_INTERVALS:
            return GRAFANA_INTERVALS[name]
        if name in variables:
            return ".*"
        raise ValueError(f"uses ${name}, which is neither a dashboard variable nor a Grafana "
                         f"interval")
    return re.sub(r"\$\{(\w+)\}|\$(\w+)", one, expr)


def all_panels(dashboard) -> Iterator[dict]:
    for panel in dashboard.get("panels", []):
        yield panel
        for inner in panel.get("panels", []) or []:
            yield inner


def dashboard_queries(dashboard) -> Iterator[Tuple[str, str]]:
    """(where, expression) for every target of every panel, Grafana variables substituted."""
    variables = grafana_variables(dashboard)
    for panel in all_panels(dashboard):
        for target in panel.get("targets", []) or []:
            where = f"dashboard panel {panel.get('id')} \"{panel.get('title')}\" " \
                    f"target {target.get('refId')}"
            yield where, substitute_grafana(target.get("expr", ""), variables)
    for variable in dashboard.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            query = variable.get("query")
            text = query.get("query", "") if isinstance(query, dict) else str(query or "")
            m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\)\s*", text)
            if m:
                yield f"dashboard variable ${variable.get('name')}", \
                    substitute_grafana(m.group(1), variables)


def rule_expressions(rules) -> Iterator[Tuple[str, str]]:
    for group in (rules or {}).get("groups", []) or []:
        for rule in group.get("rules", []) or []:
            name = rule.get("alert") or rule.get("record")
            yield f"alert rule {name} (group {group.get('name')})", str(rule.get("expr", ""))


def read_tsv(path: str) -> List[List[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def cmd_exposition(args) -> int:
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    try:
        types = parse_exposition(text)
    except ValueError as e:
        print(f"FAIL: exposition {args.file}: {e}", file=sys.stderr)
        return 1
    for name in sorted(types):
        print(f"{name}\t{types[name]}")
    return 0


def cmd_source_metrics(args) -> int:
    found, problems = source_metrics(args.repo)
    for p in problems:
        print(f"FAIL: source metrics: {p}", file=sys.stderr)
    for name, kind, exporter, where in found:
        print(f"{name}\t{kind}\t{exporter}\t{where}")
    return 1 if problems else 0


def cmd_metrics_used(args) -> int:
    failures = Failures("metric names")
    live = {row[0]: row[1] for row in read_tsv(args.exported)}
    source = read_tsv(args.source)
    # What the services export: the live scrape of one service, plus what the sources register
    # (for metrics another service exports). Families registered in common/ are exported by every
    # service, so the live scrape must show them: this also proves the source scan is current.
    exported: Dict[str, str] = dict(live)
    for name, kind, exporter, where in source:
        if exporter == "every service" and name not in live:
            failures.add(f"{where} registers {name} for every service, but the live scrape "
                         f"({args.exported}) does not show it")
        if name in live and live[name] != kind:
            failures.add(f"{where} registers {name} as a {kind}, the live scrape says "
                         f"{live[name]}")
        exported.setdefault(name, kind)
    for name in live:
        if name not in {row[0] for row in source}:
            failures.add(f"the live scrape exports {name}, which the source scan did not find "
                         f"(an AddCounter/AddGauge/AddHistogram the scan misses)")

    def family(name: str) -> str:
        if name in exported or name in PROMETHEUS_SERIES:
            return name
        for suffix in HISTOGRAM_SUFFIXES:
            base = name[: -len(suffix)]
            if name.endswith(suffix) and exported.get(base) == "histogram":
                return base
        return ""

    used: Set[str] = set()
    sources = []
    dashboard = load_dashboard(args.dashboard, failures)
    if dashboard is not None:
        try:
            sources.extend(dashboard_queries(dashboard))
        except ValueError as e:
            failures.add(f"{args.dashboard}: {e}")
    rules = load_yaml(args.rules, failures)
    if rules is not None:
        sources.extend(rule_expressions(rules))
    for where, expr in sources:
        try:
            names = promql_metric_names(expr)
        except ValueError as e:
            failures.add(f"{where}: {e}")
            continue
        if not names:
            failures.add(f"{where}: the expression selects no metric: {expr}")
        for name in names:
            if not family(name):
                failures.add(f"{where} uses metric {name}, which no ccrm service exports "
                             f"(exported: {', '.join(sorted(exported))})")
            else:
                used.add(family(name))
    return failures.finish(f"metric names: the {len(sources)} dashboard queries and alert rules "
                           f"use only exported metrics ({', '.join(sorted(used))})")


def cmd_dashboard(args) -> int:
    failures = Failures(args.dashboard)
    d = load_dashboard(args.dashboard, failures)
    if d is None:
        return failures.finish("")
    for key in ("uid", "title", "schemaVersion", "panels", "templating"):
        if key not in d:
            failures.add(f"has no top-level \"{key}\"")
    variables = {v.get("name"): v for v in d.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if ds is None or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        failures.add("needs a variable \"datasource\" of type datasource with query prometheus")
    svc = variables.get("service")
    definition = (svc or {}).get("definition", "")
    if svc is None or svc.get("type") != "query" or svc.get("datasource") != DATASOURCE_REF or \
            not re.fullmatch(r"label_values\(.+,\s*service\)", definition):
        failures.add("needs a variable \"service\" of type query on ${datasource} with "
                     "definition label_values(<metric>, service)")
    ids = set()
    queries = 0
    for panel in all_panels(d):
        title = f"panel {panel.get('id')} \"{panel.get('title')}\""
        if panel.get("id") in ids:
            failures.add(f"{title}: id {panel.get('id')} is used twice")
        ids.add(panel.get("id"))
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in ("x", "y", "w", "h")):
            failures.add(f"{title}: gridPos needs integer x, y, w, h")
        if panel.get("type") in ("row", "text"):
            continue
        if panel.get("datasource") != DATASOURCE_REF:
            failures.add(f"{title}: datasource must be {json.dumps(DATASOURCE_REF)}")
        targets = panel.get("targets") or []
        if not targets:
            failures.add(f"{title}: has no queries")
        refs = set()
        for target in targets:
            queries += 1
            ref = target.get("refId")
            if not ref or ref in refs:
                failures.add(f"{title}: target refId {ref!r} missing or repeated")
            refs.add(ref)
            if target.get("datasource") != DATASOURCE_REF:
                failures.add(f"{title} target {ref}: datasource must be "
                             f"{json.dumps(DATASOURCE_REF)}")
            expr = target.get("expr", "")
            if not expr.strip():
                failures.add(f"{title} target {ref}: empty expr")
            elif 'service=~"$service"' not in expr:
                failures.add(f"{title} target {ref}: does not filter by service=~\"$service\": "
                             f"{expr}")
    return failures.finish(f"dashboard: {queries} queries in {len(ids)} panels on ${{datasource}},"
                           f" all filtered by $service")


def cmd_promql_rules(args) -> int:
    failures = Failures("expressions")
    exprs = []
    dashboard = load_dashboard(args.dashboard, failures)
    if dashboard is not None:
        try:
            exprs.extend(dashboard_queries(dashboard))
        except ValueError as e:
            failures.add(f"{args.dashboard}: {e}")
    rules = load_yaml(args.rules, failures)
    if rules is not None:
        exprs.extend(rule_expressions(rules))
    if failures.items:
        return failures.finish("")
    out = {"groups": [{"name": "parse-check", "rules": [
        {"record": f"ccrm_check:expr_{i}", "expr": expr} for i, (_, expr) in enumerate(exprs)]}]}
    # Where each recording rule came from, so a promtool error can be traced back.
    for i, (where, _) in enumerate(exprs):
        print(f"# ccrm_check:expr_{i} = {where}")
    print(yaml.safe_dump(out, sort_keys=False, width=1000))
    return 0


def heading_anchor(title: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    anchor = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return anchor.replace(" ", "-")


def cmd_rules_doc(args) -> int:
    failures = Failures(args.rules)
    rules = load_yaml(args.rules, failures)
    with open(args.doc, encoding="utf-8") as f:
        doc = f.read()
    headings = {heading_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", doc, flags=re.M)}
    doc_alerts = set(re.findall(r"^### (Ccrm\w+)\s*$", doc, flags=re.M))
    alerts = set()
    for group in (rules or {}).get("groups", []) or []:
        for rule in group.get("rules", []) or []:
            name = rule.get("alert")
            if not name:
                failures.add(f"group {group.get('name')}: a rule without `alert` (only alerting "
                             f"rules belong here)")
                continue
            alerts.add(name)
            severity = (rule.get("labels") or {}).get("severity")
            if severity not in SEVERITIES:
                failures.add(f"{name}: labels.severity must be one of {sorted(SEVERITIES)}, "
                             f"not {severity!r}")
            notes = rule.get("annotations") or {}
            for key in ("summary", "description", "runbook"):
                if not str(notes.get(key, "")).strip():
                    failures.add(f"{name}: annotation {key} is missing")
            want = f"docs/operations.md#{name.lower()}"
            if notes.get("runbook") != want:
                failures.add(f"{name}: runbook must be {want}, not {notes.get('runbook')!r}")
            elif name.lower() not in headings:
                failures.add(f"{name}: {args.doc} has no heading '### {name}' for its runbook")
    for name in sorted(doc_alerts - alerts):
        failures.add(f"{args.doc} describes alert {name}, which alert-rules.yml does not have")
    return failures.finish(f"alert rules: {len(alerts)} alerts, each with severity, summary, "
                           f"description and a runbook section in {os.path.basename(args.doc)}")


# --- Prometheus configuration ---

def find_job(config, name: str, failures: Failures):
    jobs = [j for j in (config or {}).get("scrape_configs", []) or [] if j.get("job_name") == name]
    if len(jobs) != 1:
        failures.add(f"needs exactly one scrape job named {name} (found {len(jobs)})")
        return None
    return jobs[0]


def default_metrics_addresses(build_dir: str) -> Dict[str, str]:
    """service -> its default --metrics_listen, from the binaries' --help."""
    out = {}
    for service in SERVICES:
        flags = {f.name: f for f in flag_tables.read_help(build_dir, service)}
        out[service] = flags["metrics_listen"].default
    return out


def cmd_prometheus_config(args) -> int:
    failures = Failures(args.config)
    config = load_yaml(args.config, failures)
    if config is None:
        return failures.finish("")
    here = os.path.dirname(os.path.abspath(args.config))
    rule_files = config.get("rule_files") or []
    if "alert-rules.yml" not in rule_files:
        failures.add("rule_files must list alert-rules.yml (the file beside it)")
    for rule_file in rule_files:
        if not os.path.isfile(os.path.join(here, rule_file)):
            failures.add(f"rule file {rule_file} does not exist beside the config")

    local = find_job(config, LOCAL_JOB, failures)
    if local is not None:
        try:
            want = default_metrics_addresses(args.build_dir)
        except flag_tables.Problem as e:
            failures.add(str(e))
            want = {}
        have = {}
        for group in local.get("static_configs") or []:
            labels = group.get("labels") or {}
            for target in group.get("targets") or []:
                if "pod" not in labels or "service" not in labels:
                    failures.add(f"{LOCAL_JOB}: target {target} needs the labels service and pod")
                have[target] = labels.get("service")
        for service, address in want.items():
            if have.get(address) != service:
                found = f"labelled {have[address]}" if address in have else "missing"
                failures.add(f"{LOCAL_JOB}: {service}'s default --metrics_listen {address} must be "
                             f"a target labelled service={service} (it is {found})")
        for target in have:
            if target not in want.values():
                failures.add(f"{LOCAL_JOB}: target {target} is no service's default "
                             f"--metrics_listen ({', '.join(sorted(want.values()))})")

    k8s = find_job(config, K8S_JOB, failures)
    if k8s is not None:
        sds = k8s.get("kubernetes_sd_configs") or []
        if len(sds) != 1:
            failures.add(f"{K8S_JOB}: needs exactly one kubernetes_sd_configs entry")
        for sd in sds:
            unknown = set(sd) - K8S_SD_KEYS
            if unknown:
                failures.add(f"{K8S_JOB}: unknown kubernetes_sd_configs keys {sorted(unknown)}")
            if sd.get("role") != "pod":
                failures.add(f"{K8S_JOB}: kubernetes_sd_configs role must be pod")
            names = ((sd.get("namespaces") or {}).get("names")) or []
            if names != [NAMESPACE]:
                failures.add(f"{K8S_JOB}: namespaces.names must be [{NAMESPACE}], not {names}")
            for selector in sd.get("selectors") or []:
                if set(selector) - {"role", "label", "field"} or selector.get("role") != "pod":
                    failures.add(f"{K8S_JOB}: a selector must have role pod and only label/field")
                if selector.get("label") != f"{PART_OF}={NAMESPACE}":
                    failures.add(f"{K8S_JOB}: the pod selector must be {PART_OF}=ccrm, not "
                                 f"{selector.get('label')!r}")
        for i, relabel in enumerate(k8s.get("relabel_configs") or []):
            action = relabel.get("action", "replace")
            if action not in RELABEL_ACTIONS:
                failures.add(f"{K8S_JOB}: relabel_configs[{i}] has unknown action {action!r}")
            try:
                re.compile(str(relabel.get("regex", "(.*)")))
            except re.error as e:
                failures.add(f"{K8S_JOB}: relabel_configs[{i}] regex does not compile: {e}")
        targets = {r.get("target_label") for r in k8s.get("relabel_configs") or []}
        for label in ("service", "pod"):
            if label not in targets:
                failures.add(f"{K8S_JOB}: no relabel rule sets the label {label}")
    return failures.finish(f"prometheus config: jobs {LOCAL_JOB} (the four default metrics "
                           f"addresses) and {K8S_JOB} (pods of namespace {NAMESPACE})")


def sanitize(label: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_]", "_", label)


def simulated_pods(manifest_paths: List[str], failures: Failures):
    """Pods as the manifests would create them: (kind/name, namespace, labels, containers)."""
    pods = []
    for path in manifest_paths:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for doc in docs:
            kind = doc.get("kind")
            spec = doc.get("spec") or {}
            if kind == "CronJob":
                spec = (spec.get("jobTemplate") or {}).get("spec") or {}
            template = spec.get("template")
            if kind == "Pod":
                template = doc
            if not template:
                continue
            pods.append((f"{os.path.basename(path)}:{kind}/{doc['metadata']['name']}",
                         doc["metadata"].get("namespace", ""),
                         (template.get("metadata") or {}).get("labels") or {},
                         (template.get("spec") or {}).get("containers") or []))
    if not pods:
        failures.add(f"no workloads in {', '.join(manifest_paths)}")
    return pods


def cmd_simulate_k8s(args) -> int:
    failures = Failures("kubernetes discovery simulation")
    with open(args.config, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    job = find_job(config, K8S_JOB, failures)
    pods = simulated_pods(args.manifests, failures)
    if job is None or failures.items:
        return failures.finish("")
    sd = (job.get("kubernetes_sd_configs") or [{}])[0]
    watched = ((sd.get("namespaces") or {}).get("names")) or []
    groups, expect = [], []
    for index, (origin, namespace, labels, containers) in enumerate(pods):
        if labels.get(PART_OF) == NAMESPACE and namespace not in watched:
            failures.add(f"{origin}: a ccrm pod in namespace {namespace!r}, which the job does "
                         f"not watch ({watched})")
        for phase in ("Running", "Pending"):
            pod_name = f"{labels.get(APP_NAME, 'pod')}-{index}-{phase.lower()}"
            ip = f"10.1.{index}.{1 if phase == 'Running' else 2}"
            base = {"__meta_kubernetes_namespace": namespace,
                    "__meta_kubernetes_pod_name": pod_name,
                    "__meta_kubernetes_pod_ip": ip,
                    "__meta_kubernetes_pod_phase": phase,
                    "__meta_kubernetes_pod_ready": "true" if phase == "Running" else "false",
                    "__meta_kubernetes_pod_node_name": "node-1"}
            for key, value in labels.items():
                base[f"__meta_kubernetes_pod_label_{sanitize(key)}"] = str(value)
                base[f"__meta_kubernetes_pod_labelpresent_{sanitize(key)}"] = "true"
            for container in containers:
                ports = container.get("ports") or [None]
                for port in ports:
                    meta = dict(base)
                    meta["__meta_kubernetes_pod_container_name"] = container.get("name", "")
                    meta["__meta_kubernetes_pod_container_init"] = "false"
                    address = ip
                    if port is not None:
                        address = f"{ip}:{port['containerPort']}"
                        meta["__meta_kubernetes_pod_container_port_name"] = port.get("name", "")
                        meta["__meta_kubernetes_pod_container_port_number"] = \
                            str(port["containerPort"])
                        meta["__meta_kubernetes_pod_container_port_protocol"] = \
                            port.get("protocol", "TCP")
                    groups.append({"targets": [address], "labels": meta})
                    keep = (phase == "Running" and labels.get(PART_OF) == NAMESPACE
                            and port is not None and port.get("name") == "metrics")
                    expect.append({"origin": origin, "address": address, "keep": keep,
                                   "container": container.get("name", ""),
                                   "service": labels.get(APP_NAME), "pod": pod_name,
                                   "namespace": namespace})
    kept_services = sorted({e["service"] for e in expect if e["keep"]})
    if kept_services != sorted(SERVICES):
        failures.add(f"the manifests give metrics ports to {kept_services}; expected exactly the "
                     f"four services {sorted(SERVICES)} (each a pod labelled {PART_OF}=ccrm with a "
                     f"container port named metrics)")
    del job["kubernetes_sd_configs"]
    job["static_configs"] = groups
    config["rule_files"] = [os.path.join(os.path.dirname(os.path.abspath(args.config)), r)
                            for r in config.get("rule_files") or []]
    with open(args.out, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    with open(args.expect, "w", encoding="utf-8") as f:
        json.dump(expect, f, indent=1)
    return failures.finish(f"kubernetes discovery simulation: {len(groups)} targets from "
                           f"{len(pods)} workloads of the rendered manifests")


def cmd_verify_k8s(args) -> int:
    failures = Failures("kubernetes discovery")
    with open(args.sd, encoding="utf-8") as f:
        results = json.load(f)
    with open(args.expect, encoding="utf-8") as f:
        expect = json.load(f)
    # A container without ports is discovered at the bare pod IP: key by address and container.
    by_target = {(r["discoveredLabels"]["__address__"],
                  r["discoveredLabels"].get("__meta_kubernetes_pod_container_name", "")): r
                 for r in results}
    kept = 0
    for e in expect:
        r = by_target.get((e["address"], e["container"]))
        if r is None:
            failures.add(f"promtool did not report the target {e['address']} of {e['origin']}")
            continue
        labels = r.get("labels") or {}
        if not e["keep"]:
            if labels:
                failures.add(f"{e['origin']} target {e['address']} (pod {e['pod']}) is scraped, "
                             f"but only Running ccrm pods' metrics ports should be: {labels}")
            continue
        kept += 1
        want = {"service": e["service"], "pod": e["pod"], "namespace": e["namespace"],
                "instance": e["address"], "job": K8S_JOB}
        for key, value in want.items():
            if labels.get(key) != value:
                failures.add(f"{e['origin']} target {e['address']}: label {key} is "
                             f"{labels.get(key)!r}, expected {value!r}")
        if labels.get("__metrics_path__") != "/metrics":
            failures.add(f"{e['origin']} target {e['address']}: metrics path "
                         f"{labels.get('__metrics_path__')!r}, expected /metrics")
    if len(results) != len(expect):
        failures.add(f"promtool reported {len(results)} targets, the simulation has {len(expect)}")
    return failures.finish(f"kubernetes discovery: {kept} metrics targets kept with service, pod "
                           f"and namespace; {len(expect) - kept} other ports and pods dropped")


def cmd_local_config(args) -> int:
    failures = Failures("local config")
    with open(args.config, encoding="utf-8") as f:
        config = yaml.safe_load(f)
    job = find_job(config, LOCAL_JOB, failures)
    if job is None:
        return failures.finish("")
    groups = [g for g in job.get("static_configs") or []
              if (g.get("labels") or {}).get("service") == args.service]
    if len(groups) != 1:
        failures.add(f"{LOCAL_JOB} has {len(groups)} target groups for {args.service}, expected 1")
        return failures.finish("")
    groups[0]["targets"] = [args.target]
    job["static_configs"] = groups
    job["scrape_interval"] = "1s"
    job["scrape_timeout"] = "1s"
    config["scrape_configs"] = [job]
    config["global"]["evaluation_interval"] = "1s"
    config["rule_files"] = [os.path.abspath(args.rules)]
    with open(args.out, "w", encoding="utf-8") as f:
        yaml.safe_dump(config, f, sort_keys=False)
    return 0


def api(base: str, path: str, params=None):
    url = f"{base}{path}"
    if params:
        url += "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        return json.load(e)


def cmd_live(args) -> int:
    failures = Failures("live Prometheus")
    base = args.prometheus.rstrip("/")
    # Until every rule group has been evaluated at least once and two scrapes have happened.
    deadline = time.time() + 60
    while True:
        up = api(base, "/api/v1/query", {"query": f'up{{job="{LOCAL_JOB}"}}'})
        samples = api(base, "/api/v1/query",
                      {"query": "count_over_time(ccrm_grpc_server_in_flight[1m])"})
        rules = api(base, "/api/v1/rules")
        groups = rules.get("data", {}).get("groups", [])
        evaluated = groups and all(g.get("lastEvaluation", "").startswith("20") for g in groups)
        scraped = samples.get("data", {}).get("result") and \
            float(samples["data"]["result"][0]["value"][1]) >= 3
        if evaluated and scraped:
            break
        if time.time() > deadline:
            failures.add(f"after 60 s: up = {up.get('data')}, samples = {samples.get('data')}, "
                         f"rule groups evaluated = {bool(evaluated)}")
            return failures.finish("")
        time.sleep(0.5)

    result = up["data"]["result"]
    if len(result) != 1 or result[0]["value"][1] != "1":
        failures.add(f"up{{job=\"{LOCAL_JOB}\"}} should be one series equal to 1: {result}")
    series = api(base, "/api/v1/query",
                 {"query": 'count by (service, pod) ({__name__=~"ccrm_.+"})'})
    labelled = [r["metric"] for r in series.get("data", {}).get("result", [])]
    if labelled != [{"service": args.service, "pod": "local"}]:
        failures.add(f"ccrm_* series should all carry service=\"{args.service}\", pod=\"local\": "
                     f"{labelled}")

    dashboard = json.load(open(args.dashboard, encoding="utf-8"))
    variables = grafana_variables(dashboard)
    for variable in dashboard["templating"]["list"]:
        if variable.get("type") != "query":
            continue
        m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\)\s*", variable["query"]["query"])
        values = api(base, f"/api/v1/label/{m.group(2)}/values",
                     {"match[]": substitute_grafana(m.group(1), variables)})
        if values.get("status") != "success" or not values.get("data"):
            failures.add(f"dashboard variable ${variable['name']} ({variable['query']['query']}) "
                         f"finds no values: {values}")
    empty = []
    count = 0
    for where, expr in dashboard_queries(dashboard):
        if where.startswith("dashboard variable"):
            continue
        count += 1
        answer = api(base, "/api/v1/query", {"query": expr})
        if answer.get("status") != "success":
            failures.add(f"{where} does not evaluate: {answer.get('error')}\n    {expr}")
        elif not answer["data"]["result"]:
            empty.append(where)

    rules_file = yaml.safe_load(open(args.rules, encoding="utf-8"))
    want = {r["alert"] for g in rules_file["groups"] for r in g["rules"]}
    have = {}
    for group in api(base, "/api/v1/rules")["data"]["groups"]:
        for rule in group["rules"]:
            have[rule["name"]] = rule
    if set(have) != want:
        failures.add(f"Prometheus loaded the rules {sorted(have)}, the file has {sorted(want)}")
    for name, rule in sorted(have.items()):
        if rule.get("health") != "ok":
            failures.add(f"alert rule {name} does not evaluate: {rule.get('lastError')}")
    for where in empty:
        print(f"  (no data yet from one service, as expected for some queries: {where})")
    return failures.finish(f"live Prometheus: {args.service} scraped with service and pod "
                           f"labels; {count} dashboard queries and {len(have)} alert rules "
                           f"evaluate ({count - len(empty)} queries with data)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("exposition")
    p.add_argument("file")
    p.set_defaults(run=cmd_exposition)
    p = sub.add_parser("source-metrics")
    p.add_argument("repo")
    p.set_defaults(run=cmd_source_metrics)
    p = sub.add_parser("metrics-used")
    for name in ("--exported", "--source", "--dashboard", "--rules"):
        p.add_argument(name, required=True)
    p.set_defaults(run=cmd_metrics_used)
    p = sub.add_parser("dashboard")
    p.add_argument("--dashboard", required=True)
    p.set_defaults(run=cmd_dashboard)
    p = sub.add_parser("promql-rules")
    p.add_argument("--dashboard", required=True)
    p.add_argument("--rules", required=True)
    p.set_defaults(run=cmd_promql_rules)
    p = sub.add_parser("rules-doc")
    p.add_argument("--rules", required=True)
    p.add_argument("--doc", required=True)
    p.set_defaults(run=cmd_rules_doc)
    p = sub.add_parser("prometheus-config")
    p.add_argument("--config", required=True)
    p.add_argument("--build-dir", required=True)
    p.set_defaults(run=cmd_prometheus_config)
    p = sub.add_parser("simulate-k8s")
    p.add_argument("--config", required=True)
    p.add_argument("--manifests", required=True, nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--expect", required=True)
    p.set_defaults(run=cmd_simulate_k8s)
    p = sub.add_parser("verify-k8s")
    p.add_argument("--sd", required=True)
    p.add_argument("--expect", required=True)
    p.set_defaults(run=cmd_verify_k8s)
    p = sub.add_parser("local-config")
    for name in ("--config", "--rules", "--target", "--service", "--out"):
        p.add_argument(name, required=True)
    p.set_defaults(run=cmd_local_config)
    p = sub.add_parser("live")
    for name in ("--prometheus", "--dashboard", "--rules", "--service"):
        p.add_argument(name, required=True)
    p.set_defaults(run=cmd_live)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
