// Checks the rendered ccrm Kubernetes overlays (the output of `kubectl kustomize`): every object
// against the Kubernetes API schemas (kubernetes-models: types, required fields, enums, formats;
// @kubernetes/client-node's models: no field the API does not define; Gateway API objects against
// @kubernetes-models/gateway-api, which checks types and required fields only), then the properties
// deploy/k8s/README.md promises, each failure printed as one line naming the environment, the
// object and the property. Run by check_manifests.sh, which installs the packages and renders.
//
// Example:
//   node check_manifests.mjs --deps ~/.cache/ccrm/k8s-check/<hash>/node_modules \
//     --readme deploy/k8s/README.md --check dev=/tmp/dev.yaml --check prod=/tmp/prod.yaml \
//     --check namespace=/tmp/namespace.yaml [--flags customer-profile=/tmp/cp.help ...] \
//     [--gateway-render dev=/tmp/gateway.yaml --gateway-render prod=/tmp/gateway.yaml] [--self-test]
//
// --gateway-render ENV=FILE: the gateway as ENV should render it (deploy/gateway on its own); the
// gateway must then be in ENV's render, unchanged but for namespace and registry, admitted by the
// services and reaching all four.
//
// Exits 0 when every check passes, 1 when any fails (after printing all failures), 2 on bad usage.
// --self-test additionally mutates copies of the rendered dev and prod objects, one known defect
// at a time, and fails unless each mutation is reported with its expected message.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const NAMESPACE = "ccrm";
const CLUSTER_DOMAIN = "svc.cluster.local";
const SERVICE_UID = 65532;
const GATEWAY = "api-gateway";
const MONITORING_NAMESPACE = "monitoring";
const MIGRATOR_USER = "ccrm_migrator";
// The managed MySQL's CA bundle (prod), mounted where CCRM_MYSQL_TLS_CA_FILE points.
const MYSQL_CA_SECRET = "ccrm-mysql-ca";
// Who calls whom over gRPC (deploy/k8s/README.md). flag: the peer's flag prefix in its callers.
const SERVICES = {
  "customer-profile": {
    grpc: 50051,
    metrics: 9151,
    schema: "ccrm_customer",
    flag: "CUSTOMER_PROFILE",
    callers: [GATEWAY, "credit-rating", "relationship-service", "risk-warning"],
    calls: [],
  },
  "credit-rating": {
    grpc: 50052,
    metrics: 9152,
    schema: "ccrm_rating",
    flag: "CREDIT_RATING",
    callers: [GATEWAY, "risk-warning"],
    calls: ["customer-profile"],
  },
  "relationship-service": {
    grpc: 50053,
    metrics: 9153,
    schema: "ccrm_relationship",
    flag: "RELATIONSHIP",
    callers: [GATEWAY, "risk-warning"],
    calls: ["customer-profile", "risk-warning"],
  },
  "risk-warning": {
    grpc: 50054,
    metrics: 9154,
    schema: "ccrm_risk",
    flag: "RISK_WARNING",
    callers: [GATEWAY, "relationship-service"],
    calls: ["customer-profile", "credit-rating", "relationship-service"],
  },
};
const NAME_LABEL = "app.kubernetes.io/name";
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTER_SCOPED = new Set(["Namespace"]);

// ---------------------------------------------------------------------------------------------
// Small helpers.

function usage(message) {
  process.stderr.write(`check_manifests.mjs: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const args = { checks: [], flags: {}, deps: "", readme: "", gatewayRenders: {}, selfTest: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--deps") args.deps = value();
    else if (a === "--readme") args.readme = value();
    else if (a === "--check") {
      const [env, file] = value().split(/=(.*)/s);
      if (!["dev", "prod", "namespace"].includes(env) || !file) usage(`bad --check ${env}=${file}`);
      args.checks.push({ env, file });
    } else if (a === "--flags") {
      const [service, file] = value().split(/=(.*)/s);
      if (!SERVICES[service] || !file) usage(`bad --flags ${service}=${file}`);
      args.flags[service] = file;
    } else if (a === "--gateway-render") {
      const [env, file] = value().split(/=(.*)/s);
      if (!["dev", "prod"].includes(env) || !file) usage(`bad --gateway-render ${env}=${file}`);
      args.gatewayRenders[env] = file;
    } else if (a === "--self-test") args.selfTest = true;
    else usage(`unknown argument ${a}`);
  }
  if (!args.deps) usage("--deps DIR (the node_modules with the pinned packages) is required");
  if (args.checks.length === 0) usage("nothing to check (--check ENV=FILE)");
  return args;
}

// Seconds in a Go/absl-style duration ("20s", "5m", "1m30s", "250ms"); NaN when malformed.
function durationSeconds(text) {
  if (typeof text !== "string" || !/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(text)) return NaN;
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, number, , u] of text.matchAll(/(\d+(\.\d+)?)(ms|s|m|h)/g))
    total += Number(number) * unit[u];
  return total;
}

// CPU in millicores, memory in bytes; NaN when not a plain Kubernetes quantity.
function quantity(text) {
  const m = /^(\d+(\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(text));
  if (!m) return NaN;
  const factor = {
    m: 0.001,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * (m[3] ? factor[m[3]] : 1);
}

function labelsMatch(matchLabels, labels) {
  const wanted = Object.entries(matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([k, v]) => (labels ?? {})[k] === v);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedJson(values) {
  return JSON.stringify([...values].sort());
}

class Report {
  constructor(env) {
    this.env = env;
    this.failures = [];
    this.checked = 0;
  }
  // where: "Kind/name" (or a description); property: the field path; message: what is wrong.
  fail(where, property, message) {
    this.failures.push(`[${this.env}] ${where}: ${property}: ${message}`);
  }
  // Runs one check: fails with `message` unless `ok`.
  expect(ok, where, property, message) {
    this.checked++;
    if (!ok) this.fail(where, property, message);
    return ok;
  }
}

const ref = (obj) => `${obj?.kind ?? "?"}/${obj?.metadata?.name ?? "?"}`;

// ---------------------------------------------------------------------------------------------
// Schema validation.

class SchemaValidator {
  constructor(depsDir) {
    this.depsDir = path.resolve(depsDir);
    this.require = createRequire(path.join(this.depsDir, "package.json"));
    this.models = null;
    this.gatewayApi = null;
  }

  async load() {
    const file = this.require.resolve("@kubernetes/client-node/dist/gen/models/all.js");
    this.models = await import(pathToFileURL(file).href);
    // An ES module whose exports map offers no require(): imported by path.
    const gatewayApi = path.join(
      this.depsDir,
      "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/index.js",
    );
    this.gatewayApi = await import(pathToFileURL(gatewayApi).href);
    return this;
  }

  parseYaml(text) {
    const YAML = this.require("yaml");
    return YAML.parseAllDocuments(text)
      .map((doc) => {
        if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "));
        return doc.toJS();
      })
      .filter((doc) => doc !== null && doc !== undefined);
  }

  modelModule(obj) {
    const [group, version] = String(obj.apiVersion).includes("/")
      ? obj.apiVersion.split("/")
      : [null, obj.apiVersion];
    if (group === "gateway.networking.k8s.io") {
      return version === "v1" ? (this.gatewayApi[obj.kind] ?? null) : null;
    }
    const dir = group === null ? version : `${group}/${version}`;
    try {
      return this.require(`kubernetes-models/${dir}/${obj.kind}`)[obj.kind];
    } catch {
      return null;
    }
  }

  // client-node's class for apiVersion/kind: "apps/v1" Deployment -> V1Deployment.
  strictRoot(obj) {
    const version = String(obj.apiVersion).split("/").pop();
    const name = `${version.charAt(0).toUpperCase()}${version.slice(1)}${obj.kind}`;
    return this.models[name]?.getAttributeTypeMap ? name : null;
  }

  strict(value, type, where, report, obj) {
    if (value === null || value === undefined) return;
    let m;
    if ((m = /^Array<(.+)>$/.exec(type))) {
      if (Array.isArray(value))
        value.forEach((v, i) => this.strict(v, m[1], `${where}[${i}]`, report, obj));
      return;
    }
    if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
      if (typeof value === "object" && !Array.isArray(value)) {
        for (const [k, v] of Object.entries(value))
          this.strict(v, m[1], `${where}.${k}`, report, obj);
      }
      return;
    }
    const model = this.models[type];
    if (!model?.getAttributeTypeMap || typeof value !== "object" || Array.isArray(value)) return;
    const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
    for (const [k, v] of Object.entries(value)) {
      if (!attributes.has(k)) {
        report.fail(
          ref(obj),
          `${where}.${k}`.replace(/^\./, ""),
          "is not a field of the Kubernetes API",
        );
      } else {
        this.strict(v, attributes.get(k), `${where}.${k}`, report, obj);
      }
    }
  }

  validate(obj, report) {
    report.checked++;
    if (!obj || typeof obj !== "object" || !obj.apiVersion || !obj.kind || !obj.metadata?.name) {
      report.fail(ref(obj), "apiVersion/kind/metadata.name", "missing");
      return;
    }
    const Model = this.modelModule(obj);
    if (!Model) {
      report.fail(ref(obj), "apiVersion", `no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`);
    } else {
      try {
        new Model(structuredClone(obj)).validate();
      } catch (e) {
        for (const line of String(e.message).split(/, (?=data)/)) {
          report.fail(ref(obj), "schema", line.replace(/^data\//, ""));
        }
      }
    }
    // Custom resources (the Gateway API) have no field list here: schema-checked only.
    if (String(obj.apiVersion).startsWith("gateway.networking.k8s.io/")) return;
    const root = this.strictRoot(obj);
    if (!root) report.fail(ref(obj), "kind", `no field list for ${obj.apiVersion} ${obj.kind}`);
    else this.strict(obj, root, "", report, obj);
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads (Deployments, StatefulSets, Jobs): the properties every pod must have.

function podSpecOf(obj) {
  return obj.spec?.template?.spec;
}

function podLabelsOf(obj) {
  return obj.spec?.template?.metadata?.labels ?? {};
}

// True when the image names a registry host ("a.b/..", "host:port/..", "localhost/..").
function fullyQualified(image) {
  const first = image.split("/")[0];
  return (
    image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost")
  );
}

// The image without its registry host ("nginxinc/nginx:1.2" for "docker.io/nginxinc/nginx:1.2").
function withoutRegistry(image) {
  return fullyQualified(image) ? image.slice(image.indexOf("/") + 1) : image;
}

// The tag of an image reference ("" when it has none).
function imageTag(image) {
  const withoutDigest = image.split("@")[0];
  const lastSegment = withoutDigest.split("/").pop();
  return lastSegment.includes(":") ? lastSegment.split(":").pop() : "";
}

function checkImage(report, where, image, env) {
  report.expect(typeof image === "string" && image.length > 0, where, "image", "missing");
  if (typeof image !== "string") return;
  const tag = imageTag(image);
  const digest = /@sha256:[0-9a-f]{64}$/.test(image);
  report.expect(
    digest || (tag !== "" && tag !== "latest"),
    where,
    "image",
    `"${image}" is not pinned (needs a tag other than latest, or a digest)`,
  );
  if (env === "prod") {
    report.expect(
      fullyQualified(image),
      where,
      "image",
      `"${image}" does not name its registry (prod pulls only from a named registry)`,
    );
  }
}

function checkResources(report, where, resources) {
  for (const kind of ["requests", "limits"]) {
    for (const resource of ["cpu", "memory"]) {
      report.expect(
        resources?.[kind]?.[resource] !== undefined,
        where,
        `resources.${kind}.${resource}`,
        "missing",
      );
    }
  }
  for (const resource of ["cpu", "memory"]) {
    const request = quantity(resources?.requests?.[resource]);
    const limit = quantity(resources?.limits?.[resource]);
    if (!Number.isNaN(request) && !Number.isNaN(limit)) {
      report.expect(
        request <= limit,
        where,
        `resources.requests.${resource}`,
        `${resources.requests[resource]} exceeds the limit ${resources.limits[resource]}`,
      );
    }
  }
}

// uid: the user the container must run as (null: any non-root user).
function checkSecurity(report, obj, container, uid) {
  const pod = podSpecOf(obj)?.securityContext ?? {};
  const c = container.securityContext ?? {};
  const where = `${ref(obj)} container ${container.name}`;
  const runAsUser = c.runAsUser ?? pod.runAsUser;
  report.expect(
    (c.runAsNonRoot ?? pod.runAsNonRoot) === true,
    where,
    "securityContext.runAsNonRoot",
    "must be true",
  );
  if (uid !== null) {
    report.expect(
      runAsUser === uid,
      where,
      "securityContext.runAsUser",
      `must be ${uid}, is ${runAsUser}`,
    );
  } else {
    report.expect(
      Number.isInteger(runAsUser) && runAsUser > 0,
      where,
      "securityContext.runAsUser",
      `must be a non-root uid, is ${runAsUser}`,
    );
  }
  report.expect(
    c.readOnlyRootFilesystem === true,
    where,
    "securityContext.readOnlyRootFilesystem",
    "must be true",
  );
  report.expect(
    c.allowPrivilegeEscalation === false,
    where,
    "securityContext.allowPrivilegeEscalation",
    "must be false",
  );
  report.expect(c.privileged !== true, where, "securityContext.privileged", "must not be true");
  report.expect(
    (c.capabilities?.drop ?? []).includes("ALL"),
    where,
    "securityContext.capabilities.drop",
    "must include ALL",
  );
  report.expect(
    (c.capabilities?.add ?? []).length === 0,
    where,
    "securityContext.capabilities.add",
    "must be empty",
  );
  const seccomp = c.seccompProfile?.type ?? pod.seccompProfile?.type;
  report.expect(
    seccomp === "RuntimeDefault",
    where,
    "securityContext.seccompProfile.type",
    `must be RuntimeDefault, is ${seccomp}`,
  );
}

// uid: the user the pod must run as (null: any non-root user).
function checkPodBasics(report, obj, uid) {
  const spec = podSpecOf(obj) ?? {};
  const where = ref(obj);
  if (uid !== null) {
    report.expect(
      spec.securityContext?.runAsUser === uid,
      where,
      "spec.template.spec.securityContext.runAsUser",
      `must be ${uid}, is ${spec.securityContext?.runAsUser}`,
    );
  }
  report.expect(
    spec.automountServiceAccountToken === false,
    where,
    "spec.template.spec.automountServiceAccountToken",
    "must be false",
  );
  report.expect(
    spec.securityContext?.runAsNonRoot === true,
    where,
    "spec.template.spec.securityContext.runAsNonRoot",
    "must be true",
  );
  report.expect(
    spec.securityContext?.seccompProfile?.type === "RuntimeDefault",
    where,
    "spec.template.spec.securityContext.seccompProfile.type",
    "must be RuntimeDefault",
  );
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    report.expect(spec[field] !== true, where, `spec.template.spec.${field}`, "must not be true");
  }
  for (const volume of spec.volumes ?? []) {
    report.expect(
      volume.hostPath === undefined,
      where,
      `volumes[${volume.name}].hostPath`,
      "host paths are not allowed",
    );
    if (volume.secret) {
      const mode = volume.secret.defaultMode ?? 0o644;
      report.expect(
        (mode & ~0o440) === 0,
        where,
        `volumes[${volume.name}].secret.defaultMode`,
        `0${mode.toString(8)} grants more than read to owner and group (at most 0440)`,
      );
    }
  }
  // Secrets are files, never environment variables.
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of container.env ?? []) {
      report.expect(
        e.valueFrom?.secretKeyRef === undefined,
        where,
        `container ${container.name} env ${e.name}`,
        "takes a Secret as an environment variable (mount it)",
      );
    }
    for (const e of container.envFrom ?? []) {
      report.expect(
        e.secretRef === undefined,
        where,
        `container ${container.name} envFrom`,
        "takes a Secret as environment variables (mount it)",
      );
    }
  }
}

// Readiness and liveness everywhere; a startup probe too for ccrm's services (their start waits
// for the database and the schema) and for MySQL (its first start initialises the data).
function checkProbes(report, obj, container, needsStartup) {
  const where = `${ref(obj)} container ${container.name}`;
  const probes = needsStartup
    ? ["startupProbe", "readinessProbe", "livenessProbe"]
    : ["readinessProbe", "livenessProbe"];
  for (const probe of probes) {
    report.expect(container[probe] !== undefined, where, probe, "missing");
  }
}

// Every workload of the render, ccrm's own or not (the gateway's, dev's MySQL).
function checkWorkloads(report, docs, env) {
  const registries = new Set();
  for (const obj of docs.filter((d) =>
    ["Deployment", "StatefulSet", "Job", "DaemonSet"].includes(d.kind),
  )) {
    const spec = podSpecOf(obj);
    if (!report.expect(spec !== undefined, ref(obj), "spec.template.spec", "missing")) continue;
    const service = SERVICES[podLabelsOf(obj)[NAME_LABEL]?.replace(/-migrate$/, "")];
    const uid = service !== undefined && obj.kind !== "StatefulSet" ? SERVICE_UID : null;
    checkPodBasics(report, obj, uid);
    for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
      const where = `${ref(obj)} container ${container.name}`;
      checkImage(report, where, container.image, env);
      if (typeof container.image === "string" && fullyQualified(container.image))
        registries.add(container.image.split("/")[0]);
      checkResources(report, where, container.resources);
      checkSecurity(report, obj, container, uid);
      if (obj.kind !== "Job")
        checkProbes(report, obj, container, service !== undefined || obj.kind === "StatefulSet");
    }
  }
  if (env === "prod") {
    report.expect(
      registries.size <= 1,
      "images",
      "registry",
      `prod pulls from one registry, the render names ${sortedJson(registries)}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Secret files: which Secret key every *_file flag reads.

// The Secret volume mounted at the directory of FILE in CONTAINER: {secretName, key, mount}.
function secretFileSource(spec, container, file) {
  for (const mount of container.volumeMounts ?? []) {
    const dir = mount.mountPath.replace(/\/+$/, "");
    if (!file.startsWith(`${dir}/`)) continue;
    const volume = (spec.volumes ?? []).find((v) => v.name === mount.name);
    if (!volume?.secret) return { mount, volume, secretName: null, key: null };
    const relative = file.slice(dir.length + 1);
    let key = relative;
    if (volume.secret.items) {
      const item = volume.secret.items.find((i) => i.path === relative);
      key = item ? item.key : null;
    }
    return { mount, volume, secretName: volume.secret.secretName, key };
  }
  return null;
}

// Files a container reads secrets from: [{name (flag or variable), file}].
function secretFilesOf(container, config) {
  const files = [];
  const add = (name, file) => {
    if (typeof file === "string" && file.startsWith("/")) files.push({ name, file });
  };
  for (const [k, v] of Object.entries(config ?? {})) {
    if (k.endsWith("_FILE")) add(k, v);
    if (k === "CCRM_CREDIT_BUREAU" && String(v).startsWith("file:")) add(k, v.slice(5));
  }
  for (const e of container.env ?? []) if (e.name.endsWith("_FILE")) add(e.name, e.value);
  for (const a of container.args ?? []) {
    const m = /^--([a-z0-9_]+_file)=(.+)$/.exec(a);
    if (m) add(`--${m[1]}`, m[2]);
  }
  return files.filter((f) => !f.file.startsWith("/opt/") && !f.file.startsWith("/tmp/"));
}

// Checks that every secret file CONTAINER reads comes from a read-only Secret volume and that
// every Secret volume it mounts is read; records {secret, key} pairs in `secrets`.
function checkSecretFiles(report, obj, container, config, secrets) {
  const spec = podSpecOf(obj);
  const where = `${ref(obj)} container ${container.name}`;
  const used = new Set();
  for (const { name, file } of secretFilesOf(container, config)) {
    const source = secretFileSource(spec, container, file);
    if (
      !report.expect(
        source !== null && source.secretName !== null,
        where,
        name,
        `${file} is not in a mounted Secret volume`,
      )
    )
      continue;
    report.expect(source.key !== null, where, name, `${file} is not one of the volume's items`);
    report.expect(
      source.mount.readOnly === true,
      where,
      `volumeMounts[${source.mount.name}].readOnly`,
      "a Secret volume must be mounted read-only",
    );
    used.add(source.volume.name);
    if (source.key !== null) {
      const key = `${source.secretName}\u0000${source.key}`;
      if (!secrets.has(key))
        secrets.set(key, { secret: source.secretName, key: source.key, users: new Set() });
      secrets.get(key).users.add(ref(obj));
    }
  }
  for (const mount of container.volumeMounts ?? []) {
    const volume = (spec.volumes ?? []).find((v) => v.name === mount.name);
    if (volume?.secret) {
      report.expect(
        used.has(volume.name),
        where,
        `volumeMounts[${mount.name}]`,
        `Secret ${volume.secret.secretName} is mounted but no flag reads from it`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy helpers.

function peerDescription(peer) {
  if (peer.ipBlock) return `ipBlock ${peer.ipBlock.cidr}`;
  const parts = [];
  if (peer.namespaceSelector)
    parts.push(`namespace ${JSON.stringify(peer.namespaceSelector.matchLabels ?? {})}`);
  if (peer.podSelector) parts.push(`pods ${JSON.stringify(peer.podSelector.matchLabels ?? {})}`);
  return parts.join(" ") || "everything";
}

function portsOf(rule) {
  return (rule.ports ?? []).map((p) => `${p.protocol ?? "TCP"}/${p.port}`);
}

function isDnsRule(rule) {
  const to = rule.to ?? [];
  return (
    to.length === 1 &&
    to[0].namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "kube-system" &&
    to[0].podSelector?.matchLabels?.["k8s-app"] === "kube-dns" &&
    sortedJson(portsOf(rule)) === sortedJson(["UDP/53", "TCP/53"])
  );
}

// Same-namespace pods by app.kubernetes.io/name, or null when the peer is anything else.
function samePodName(peer) {
  if (peer.namespaceSelector || peer.ipBlock || !peer.podSelector) return null;
  const labels = peer.podSelector.matchLabels ?? {};
  const keys = Object.keys(labels);
  if (keys.length !== 1 || keys[0] !== NAME_LABEL || peer.podSelector.matchExpressions) return null;
  return labels[NAME_LABEL];
}

// Egress rules: DNS, MySQL (3306; `mysqlPods`: the only pods allowed, or null for any address),
// and gRPC to exactly `peers`.
function checkEgress(report, policy, mysqlPods, peers) {
  const where = ref(policy);
  const rules = policy.spec?.egress ?? [];
  report.expect(
    rules.some(isDnsRule),
    where,
    "spec.egress",
    "no rule allowing DNS (kube-dns, 53/UDP+TCP)",
  );
  const mysqlRules = rules.filter((r) => sortedJson(portsOf(r)) === sortedJson(["TCP/3306"]));
  if (
    report.expect(
      mysqlRules.length === 1,
      where,
      "spec.egress",
      "needs exactly one rule for MySQL (TCP/3306)",
    )
  ) {
    const to = mysqlRules[0].to ?? [];
    if (mysqlPods !== null) {
      report.expect(
        to.length === 1 && samePodName(to[0]) === mysqlPods,
        where,
        "spec.egress (MySQL)",
        `must reach only pods ${mysqlPods}, reaches ${to.map(peerDescription).join(", ") || "every address"}`,
      );
    }
  }
  const reached = [];
  for (const rule of rules) {
    if (isDnsRule(rule) || mysqlRules.includes(rule)) continue;
    for (const peer of rule.to ?? [{}]) {
      const name = samePodName(peer);
      const ports = portsOf(rule);
      if (name === null || !SERVICES[name] || !same(ports, [`TCP/${SERVICES[name].grpc}`])) {
        report.fail(
          where,
          "spec.egress",
          `unexpected destination ${peerDescription(peer)} on ${ports.join(",") || "every port"}`,
        );
      } else {
        reached.push(name);
      }
    }
  }
  report.expect(
    sortedJson(reached) === sortedJson(peers),
    where,
    "spec.egress (peers)",
    `reaches ${sortedJson(reached)}, expected ${sortedJson(peers)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The checks of one rendered environment.

function index(docs) {
  const byKind = new Map();
  for (const d of docs) {
    const key = `${d.kind}/${d.metadata?.name}`;
    byKind.set(key, d);
  }
  return {
    get: (kind, name) => byKind.get(`${kind}/${name}`),
    all: (kind) => docs.filter((d) => d.kind === kind),
  };
}

function checkNamespaces(report, docs) {
  for (const d of docs) {
    if (CLUSTER_SCOPED.has(d.kind)) continue;
    report.expect(
      d.metadata?.namespace === NAMESPACE,
      ref(d),
      "metadata.namespace",
      `must be ${NAMESPACE}, is ${d.metadata?.namespace}`,
    );
  }
}

function checkNoSecrets(report, docs) {
  for (const d of docs.filter((x) => x.kind === "Secret")) {
    report.fail(
      ref(d),
      "kind",
      "Secret objects must not be rendered (Secrets are created outside git)",
    );
  }
}

function checkDefaultDeny(report, docs) {
  const deny = docs.find(
    (d) =>
      d.kind === "NetworkPolicy" &&
      same(d.spec?.podSelector ?? null, {}) &&
      !d.spec?.ingress &&
      !d.spec?.egress,
  );
  if (
    report.expect(
      deny !== undefined,
      "NetworkPolicy (default deny)",
      "spec.podSelector",
      "no policy selects every pod with no rules",
    )
  ) {
    report.expect(
      sortedJson(deny.spec.policyTypes ?? []) === sortedJson(["Ingress", "Egress"]),
      ref(deny),
      "spec.policyTypes",
      "must deny both Ingress and Egress",
    );
  }
}

function configOf(ix, deployment) {
  const name = podSpecOf(deployment)?.containers?.[0]?.envFrom?.find((e) => e.configMapRef)
    ?.configMapRef?.name;
  return { name, data: name ? ix.get("ConfigMap", name)?.data : undefined };
}

function checkServiceConfig(report, env, ix, name, svc, cm, deployment) {
  const where = `ConfigMap/${cm.name}`;
  const data = cm.data;
  for (const key of Object.keys(data)) {
    report.expect(
      /^CCRM_[A-Z0-9_]+$/.test(key),
      where,
      `data.${key}`,
      "is not a CCRM_<FLAG> variable",
    );
    report.expect(
      !/(PASSWORD|TOKEN|SECRET|_KEY)$/.test(key),
      where,
      `data.${key}`,
      "looks like a secret value; secrets are files named by *_FILE flags",
    );
  }
  const needs = [
    "CCRM_LISTEN",
    "CCRM_METRICS_LISTEN",
    "CCRM_MYSQL_HOST",
    "CCRM_MYSQL_PORT",
    "CCRM_MYSQL_USER",
    "CCRM_MYSQL_DATABASE",
    "CCRM_MYSQL_PASSWORD_FILE",
    "CCRM_MIGRATIONS_DIR",
    "CCRM_DRAIN_TIMEOUT",
    "CCRM_MAX_CONNECTION_AGE",
    "CCRM_JWT_ISSUER",
    "CCRM_JWT_AUDIENCE",
  ];
  for (const key of needs)
    report.expect(data[key] !== undefined && data[key] !== "", where, `data.${key}`, "missing");
  report.expect(
    data.CCRM_JWT_HS256_KEY_FILE !== undefined || data.CCRM_JWT_RS256_PUBLIC_KEY_FILE !== undefined,
    where,
    "data.CCRM_JWT_*_KEY_FILE",
    "no JWT verification key",
  );
  report.expect(
    durationSeconds(data.CCRM_MAX_CONNECTION_AGE) > 0,
    where,
    "data.CCRM_MAX_CONNECTION_AGE",
    `"${data.CCRM_MAX_CONNECTION_AGE}" is not a positive duration`,
  );
  report.expect(
    durationSeconds(data.CCRM_DRAIN_TIMEOUT) > 0,
    where,
    "data.CCRM_DRAIN_TIMEOUT",
    `"${data.CCRM_DRAIN_TIMEOUT}" is not a positive duration`,
  );
  report.expect(
    data.CCRM_LISTEN === `0.0.0.0:${svc.grpc}`,
    where,
    "data.CCRM_LISTEN",
    `must be 0.0.0.0:${svc.grpc}, is ${data.CCRM_LISTEN}`,
  );
  report.expect(
    data.CCRM_METRICS_LISTEN === `0.0.0.0:${svc.metrics}`,
    where,
    "data.CCRM_METRICS_LISTEN",
    `must be 0.0.0.0:${svc.metrics}, is ${data.CCRM_METRICS_LISTEN}`,
  );
  report.expect(
    data.CCRM_MYSQL_DATABASE === svc.schema,
    where,
    "data.CCRM_MYSQL_DATABASE",
    `must be ${svc.schema}`,
  );
  report.expect(
    data.CCRM_MYSQL_USER === `${svc.schema}_svc`,
    where,
    "data.CCRM_MYSQL_USER",
    `must be the least-privilege user ${svc.schema}_svc`,
  );
  report.expect(
    !/^(127\.|localhost$|::1$)/.test(data.CCRM_MYSQL_HOST ?? ""),
    where,
    "data.CCRM_MYSQL_HOST",
    `"${data.CCRM_MYSQL_HOST}" is the pod itself`,
  );
  if (env === "dev") {
    const host = `${name}-mysql.${NAMESPACE}.${CLUSTER_DOMAIN}`;
    report.expect(
      data.CCRM_MYSQL_HOST === host,
      where,
      "data.CCRM_MYSQL_HOST",
      `must be ${host} (its own MySQL)`,
    );
  }
  // Peers through their headless Service, named after the namespace this renders into.
  for (const peer of svc.calls) {
    const p = SERVICES[peer];
    const address = `dns:///${peer}-headless.${NAMESPACE}.${CLUSTER_DOMAIN}:${p.grpc}`;
    report.expect(
      data[`CCRM_${p.flag}_ADDRESS`] === address,
      where,
      `data.CCRM_${p.flag}_ADDRESS`,
      `must be ${address}, is ${data[`CCRM_${p.flag}_ADDRESS`]}`,
    );
  }
  // mTLS in prod: server certificate, client CA, and a client certificate towards each peer.
  if (env === "prod") {
    for (const key of ["CCRM_TLS_CERT_FILE", "CCRM_TLS_KEY_FILE", "CCRM_TLS_CLIENT_CA_FILE"]) {
      report.expect(data[key] !== undefined, where, `data.${key}`, "missing (prod serves mTLS)");
    }
    report.expect(
      data.CCRM_MYSQL_TLS_CA_FILE !== undefined,
      where,
      "data.CCRM_MYSQL_TLS_CA_FILE",
      "missing (prod reaches its managed MySQL over verified TLS)",
    );
    for (const peer of svc.calls) {
      for (const suffix of ["TLS_CA_FILE", "TLS_CERT_FILE", "TLS_KEY_FILE"]) {
        const key = `CCRM_${SERVICES[peer].flag}_${suffix}`;
        report.expect(
          data[key] !== undefined,
          where,
          `data.${key}`,
          `missing (prod calls ${peer} over mTLS)`,
        );
      }
    }
  }
  return data;
}

function checkDeployment(report, env, ix, name, svc, deployment, config, tag) {
  const where = ref(deployment);
  const spec = podSpecOf(deployment);
  const labels = podLabelsOf(deployment);
  report.expect(
    labels[NAME_LABEL] === name,
    where,
    `spec.template.metadata.labels.${NAME_LABEL}`,
    `must be ${name}`,
  );
  report.expect(
    same(deployment.spec?.selector?.matchLabels, { [NAME_LABEL]: name }),
    where,
    "spec.selector.matchLabels",
    `must be {${NAME_LABEL}: ${name}}`,
  );
  report.expect(
    deployment.spec?.replicas === undefined,
    where,
    "spec.replicas",
    "must be unset: the HorizontalPodAutoscaler owns the replica count",
  );
  report.expect(
    deployment.spec?.strategy?.rollingUpdate?.maxUnavailable === 0,
    where,
    "spec.strategy.rollingUpdate.maxUnavailable",
    "must be 0 (a new pod must be ready before an old one goes)",
  );
  report.expect(
    spec.serviceAccountName === name,
    where,
    "spec.template.spec.serviceAccountName",
    `must be ${name}`,
  );
  const drain = durationSeconds(config.CCRM_DRAIN_TIMEOUT);
  const grace = spec.terminationGracePeriodSeconds;
  report.expect(
    Number.isInteger(grace) && grace >= drain + 5,
    where,
    "spec.template.spec.terminationGracePeriodSeconds",
    `${grace} must exceed the ${config.CCRM_DRAIN_TIMEOUT} drain by 5 s or more`,
  );
  const spread = spec.topologySpreadConstraints ?? [];
  for (const key of ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]) {
    const c = spread.find((t) => t.topologyKey === key);
    if (
      report.expect(
        c !== undefined,
        where,
        "spec.template.spec.topologySpreadConstraints",
        `no spread over ${key}`,
      )
    ) {
      report.expect(
        labelsMatch(c.labelSelector?.matchLabels, labels),
        where,
        `topologySpreadConstraints[${key}].labelSelector`,
        "does not select this Deployment's pods",
      );
      if (env === "prod" && key === "kubernetes.io/hostname") {
        report.expect(
          c.whenUnsatisfiable === "DoNotSchedule",
          where,
          `topologySpreadConstraints[${key}].whenUnsatisfiable`,
          "must be DoNotSchedule in prod (one node must not hold two replicas while others hold none)",
        );
      }
    }
  }
  const container = spec.containers?.find((c) => c.name === name);
  if (
    !report.expect(
      container !== undefined,
      where,
      "spec.template.spec.containers",
      `no container named ${name}`,
    )
  )
    return null;
  report.expect(
    spec.containers.length === 1,
    where,
    "spec.template.spec.containers",
    "exactly one container",
  );
  report.expect(
    imageTag(container.image) === tag && tag !== "",
    where,
    "image",
    `tag must be the release tag ${tag}`,
  );
  report.expect(
    same(container.command, [`/opt/ccrm/bin/${name}`]),
    where,
    `container ${name} command`,
    `must be [/opt/ccrm/bin/${name}] (the image's binary; configuration comes from the ConfigMap)`,
  );
  const ports = Object.fromEntries((container.ports ?? []).map((p) => [p.name, p.containerPort]));
  report.expect(
    ports.grpc === svc.grpc,
    where,
    `container ${name} ports.grpc`,
    `must be ${svc.grpc}`,
  );
  report.expect(
    ports.metrics === svc.metrics,
    where,
    `container ${name} ports.metrics`,
    `must be ${svc.metrics}`,
  );
  const tmp = (container.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
  report.expect(
    tmp !== undefined && (spec.volumes ?? []).some((v) => v.name === tmp.name && v.emptyDir),
    where,
    `container ${name} volumeMounts`,
    "/tmp must be an emptyDir (the root filesystem is read-only)",
  );
  // Probes: the kubelet's gRPC probe is plaintext without a client certificate, so it can only
  // be used while the port does not demand one; with mTLS, the metrics port: /readyz (503 while
  // draining) for readiness, /healthz for start-up and liveness.
  const mtls = config.CCRM_TLS_CLIENT_CA_FILE !== undefined;
  for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
    const p = container[probe];
    if (!p) continue;
    if (mtls) {
      const path = probe === "readinessProbe" ? "/readyz" : "/healthz";
      report.expect(
        p.grpc === undefined &&
          p.httpGet?.path === path &&
          (p.httpGet?.port === svc.metrics || p.httpGet?.port === "metrics"),
        where,
        `container ${name} ${probe}`,
        `must be httpGet ${path} on the metrics port ${svc.metrics}: the gRPC port demands a client certificate the kubelet does not have`,
      );
    } else {
      report.expect(
        p.grpc?.port === svc.grpc,
        where,
        `container ${name} ${probe}`,
        `must be a native gRPC probe on port ${svc.grpc}`,
      );
    }
  }
  const live = container.livenessProbe;
  if (live) {
    const window = (live.periodSeconds ?? 10) * (live.failureThreshold ?? 3);
    report.expect(
      window > drain,
      where,
      `container ${name} livenessProbe`,
      `fails after ${window} s, within the ${config.CCRM_DRAIN_TIMEOUT} drain (the pod reports NOT_SERVING while draining)`,
    );
  }
  report.expect(
    !(container.volumeMounts ?? []).some((m) => {
      const v = (spec.volumes ?? []).find((x) => x.name === m.name);
      return v?.secret?.secretName === `${name}-mysql-migrator`;
    }),
    where,
    `container ${name} volumeMounts`,
    "must not mount the migrator's password",
  );
  return container;
}

// The migration Job: the Deployment's image and command with --migrate_only, named after the
// release tag, reading a fixed-name ConfigMap (a Job's pod template cannot change) whose database
// settings are the service's, as the migrator. Returns that ConfigMap's data.
function checkJob(report, env, ix, name, svc, deployment, tag, secrets, config) {
  const jobs = ix.all("Job").filter((j) => podLabelsOf(j)[NAME_LABEL] === `${name}-migrate`);
  if (
    !report.expect(
      jobs.length === 1,
      `Job ${name}-migrate-*`,
      "kind",
      `expected exactly one migration Job, found ${jobs.length}`,
    )
  )
    return;
  const job = jobs[0];
  const where = ref(job);
  const jobName = job.metadata.name;
  report.expect(
    jobName === `${name}-migrate-${tag}`,
    where,
    "metadata.name",
    `must be ${name}-migrate-${tag} (a new Job for every image tag)`,
  );
  report.expect(
    DNS_LABEL.test(jobName),
    where,
    "metadata.name",
    "must be a DNS label of at most 63 characters",
  );
  const spec = podSpecOf(job);
  report.expect(
    ["Never", "OnFailure"].includes(spec.restartPolicy),
    where,
    "spec.template.spec.restartPolicy",
    "must be Never or OnFailure",
  );
  report.expect(
    Number.isInteger(job.spec?.backoffLimit),
    where,
    "spec.backoffLimit",
    "must be set",
  );
  report.expect(
    Number.isInteger(job.spec?.activeDeadlineSeconds),
    where,
    "spec.activeDeadlineSeconds",
    "must be set",
  );
  const container = spec.containers?.[0];
  const serving = podSpecOf(deployment).containers.find((c) => c.name === name);
  if (!container || !serving) return;
  report.expect(
    spec.containers.length === 1,
    where,
    "spec.template.spec.containers",
    "exactly one container",
  );
  report.expect(
    container.image === serving.image,
    where,
    "image",
    `must be the Deployment's image ${serving.image}`,
  );
  report.expect(
    same(container.command, serving.command),
    where,
    "command",
    "must be the Deployment's command",
  );
  report.expect(
    same(container.args, ["--migrate_only"]),
    where,
    "args",
    "must be [--migrate_only]",
  );
  const configName = `${name}-migrate-config`;
  report.expect(
    same(container.envFrom, [{ configMapRef: { name: configName } }]),
    where,
    "envFrom",
    `must read only ConfigMap ${configName} (a fixed name: a hashed one would change the Job's pod template)`,
  );
  const jobConfig = ix.get("ConfigMap", configName)?.data;
  if (report.expect(jobConfig !== undefined, `ConfigMap/${configName}`, "kind", "missing")) {
    for (const key of [
      "CCRM_MYSQL_HOST",
      "CCRM_MYSQL_PORT",
      "CCRM_MYSQL_DATABASE",
      "CCRM_MIGRATIONS_DIR",
    ]) {
      report.expect(
        jobConfig[key] !== undefined && jobConfig[key] === config[key],
        `ConfigMap/${configName}`,
        `data.${key}`,
        `is ${jobConfig[key]}, the service's is ${config[key]}`,
      );
    }
    report.expect(
      jobConfig.CCRM_MYSQL_USER === MIGRATOR_USER,
      `ConfigMap/${configName}`,
      "data.CCRM_MYSQL_USER",
      `must be ${MIGRATOR_USER}`,
    );
  }
  for (const m of container.volumeMounts ?? []) {
    const v = (spec.volumes ?? []).find((x) => x.name === m.name);
    if (v?.secret) {
      // The migrator's password, and the MySQL server's CA where the connection uses TLS (a CA
      // certificate is public; it grants nothing).
      report.expect(
        v.secret.secretName === `${name}-mysql-migrator` ||
          (v.secret.secretName === MYSQL_CA_SECRET &&
            jobConfig?.CCRM_MYSQL_TLS_CA_FILE?.startsWith(`${m.mountPath}/`)),
        where,
        `volumeMounts[${m.name}]`,
        `mounts Secret ${v.secret.secretName}; the migration needs only ${name}-mysql-migrator (and ${MYSQL_CA_SECRET} for CCRM_MYSQL_TLS_CA_FILE)`,
      );
    }
  }
  checkSecretFiles(report, job, container, jobConfig ?? {}, secrets);
  const policy = ix.get("NetworkPolicy", `${name}-migrate`);
  if (report.expect(policy !== undefined, `NetworkPolicy/${name}-migrate`, "kind", "missing")) {
    report.expect(
      labelsMatch(policy.spec?.podSelector?.matchLabels, podLabelsOf(job)),
      ref(policy),
      "spec.podSelector",
      "does not select the migration Job's pods",
    );
    report.expect(
      sortedJson(policy.spec?.policyTypes ?? []) === sortedJson(["Ingress", "Egress"]),
      ref(policy),
      "spec.policyTypes",
      "must cover Ingress and Egress",
    );
    report.expect(
      (policy.spec?.ingress ?? []).length === 0,
      ref(policy),
      "spec.ingress",
      "the migration takes no connections",
    );
    checkEgress(report, policy, env === "dev" ? `${name}-mysql` : null, []);
  }
  return jobConfig ?? {};
}

function checkServices(report, ix, name, svc, labels) {
  const headless = ix.get("Service", `${name}-headless`);
  if (
    report.expect(
      headless !== undefined,
      `Service/${name}-headless`,
      "kind",
      "missing (peers dial the headless Service)",
    )
  ) {
    report.expect(
      headless.spec?.clusterIP === "None",
      ref(headless),
      "spec.clusterIP",
      "must be None (headless)",
    );
    report.expect(
      labelsMatch(headless.spec?.selector, labels),
      ref(headless),
      "spec.selector",
      "does not select the pods",
    );
    report.expect(
      (headless.spec?.ports ?? []).some((p) => p.port === svc.grpc && p.name === "grpc"),
      ref(headless),
      "spec.ports",
      `no port grpc ${svc.grpc}`,
    );
    report.expect(
      headless.spec?.publishNotReadyAddresses !== true,
      ref(headless),
      "spec.publishNotReadyAddresses",
      "must not publish pods that are not ready",
    );
  }
  const clusterIp = ix.get("Service", name);
  if (
    report.expect(
      clusterIp !== undefined,
      `Service/${name}`,
      "kind",
      "missing (the gateway's stable address)",
    )
  ) {
    report.expect(
      clusterIp.spec?.clusterIP !== "None" && (clusterIp.spec?.type ?? "ClusterIP") === "ClusterIP",
      ref(clusterIp),
      "spec.type",
      "must be a ClusterIP Service with a virtual IP",
    );
    report.expect(
      labelsMatch(clusterIp.spec?.selector, labels),
      ref(clusterIp),
      "spec.selector",
      "does not select the pods",
    );
    report.expect(
      (clusterIp.spec?.ports ?? []).some((p) => p.port === svc.grpc),
      ref(clusterIp),
      "spec.ports",
      `no port ${svc.grpc}`,
    );
  }
}

function checkDisruption(report, env, ix, name, labels, config) {
  const pdb = ix.get("PodDisruptionBudget", name);
  const hpa = ix.get("HorizontalPodAutoscaler", name);
  report.expect(pdb !== undefined, `PodDisruptionBudget/${name}`, "kind", "missing");
  report.expect(hpa !== undefined, `HorizontalPodAutoscaler/${name}`, "kind", "missing");
  if (pdb) {
    report.expect(
      labelsMatch(pdb.spec?.selector?.matchLabels, labels),
      ref(pdb),
      "spec.selector",
      "does not select the pods",
    );
  }
  if (!hpa) return;
  report.expect(
    hpa.apiVersion === "autoscaling/v2",
    ref(hpa),
    "apiVersion",
    "must be autoscaling/v2",
  );
  report.expect(
    hpa.spec?.scaleTargetRef?.kind === "Deployment" && hpa.spec?.scaleTargetRef?.name === name,
    ref(hpa),
    "spec.scaleTargetRef",
    `must be Deployment ${name}`,
  );
  report.expect(
    (hpa.spec?.metrics ?? []).some(
      (m) =>
        m.type === "Resource" &&
        m.resource?.name === "cpu" &&
        m.resource?.target?.type === "Utilization",
    ),
    ref(hpa),
    "spec.metrics",
    "no CPU utilisation target",
  );
  const min = hpa.spec?.minReplicas ?? 1;
  const max = hpa.spec?.maxReplicas;
  report.expect(max >= min, ref(hpa), "spec.maxReplicas", `${max} is below minReplicas ${min}`);
  const window = hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds;
  report.expect(
    window >= durationSeconds(config.CCRM_MAX_CONNECTION_AGE),
    ref(hpa),
    "spec.behavior.scaleDown.stabilizationWindowSeconds",
    `${window} s is shorter than --max_connection_age ${config.CCRM_MAX_CONNECTION_AGE}`,
  );
  if (env === "dev") {
    report.expect(min === 1, ref(hpa), "spec.minReplicas", "dev runs one replica per service");
    if (pdb)
      report.expect(
        pdb.spec?.maxUnavailable === 1,
        ref(pdb),
        "spec.maxUnavailable",
        "dev: 1 (one replica must stay drainable)",
      );
  } else {
    report.expect(min >= 3, ref(hpa), "spec.minReplicas", `prod needs at least 3, has ${min}`);
    report.expect(max > min, ref(hpa), "spec.maxReplicas", "prod must be able to scale out");
    if (pdb) {
      const available = pdb.spec?.minAvailable;
      report.expect(
        Number.isInteger(available) && available >= 2 && available < min,
        ref(pdb),
        "spec.minAvailable",
        `prod needs minAvailable >= 2 and below minReplicas ${min}, has ${available}`,
      );
    }
  }
}

function checkServicePolicy(report, env, ix, name, svc, labels) {
  const policy = ix.get("NetworkPolicy", name);
  if (!report.expect(policy !== undefined, `NetworkPolicy/${name}`, "kind", "missing")) return;
  const where = ref(policy);
  report.expect(
    labelsMatch(policy.spec?.podSelector?.matchLabels, labels),
    where,
    "spec.podSelector",
    "does not select the pods",
  );
  report.expect(
    sortedJson(policy.spec?.policyTypes ?? []) === sortedJson(["Ingress", "Egress"]),
    where,
    "spec.policyTypes",
    "must cover Ingress and Egress",
  );
  const grpcSources = [];
  let metricsRules = 0;
  for (const rule of policy.spec?.ingress ?? []) {
    const ports = portsOf(rule);
    if (
      !report.expect(
        rule.from !== undefined && rule.from.length > 0,
        where,
        "spec.ingress",
        "a rule without 'from' admits everyone",
      )
    )
      continue;
    if (same(ports, [`TCP/${svc.grpc}`])) {
      for (const peer of rule.from) {
        const source = samePodName(peer);
        if (source === null)
          report.fail(where, "spec.ingress (gRPC)", `unexpected source ${peerDescription(peer)}`);
        else grpcSources.push(source);
      }
    } else if (same(ports, [`TCP/${svc.metrics}`])) {
      metricsRules++;
      for (const peer of rule.from) {
        report.expect(
          peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ===
            MONITORING_NAMESPACE && !peer.ipBlock,
          where,
          "spec.ingress (metrics)",
          `source ${peerDescription(peer)} is not in the ${MONITORING_NAMESPACE} namespace`,
        );
      }
    } else {
      report.fail(where, "spec.ingress", `unexpected ports ${ports.join(",") || "(every port)"}`);
    }
  }
  report.expect(
    sortedJson(grpcSources) === sortedJson(svc.callers),
    where,
    "spec.ingress (gRPC sources)",
    `admits ${sortedJson(grpcSources)}, expected exactly ${sortedJson(svc.callers)}`,
  );
  report.expect(
    metricsRules === 1,
    where,
    "spec.ingress (metrics)",
    "needs one rule for Prometheus on the metrics port",
  );
  checkEgress(report, policy, env === "dev" ? `${name}-mysql` : null, svc.calls);
}

// Dev: the service's own MySQL StatefulSet, wired to the same Secrets as the service and its Job.
function checkDevMysql(report, ix, name, svc, config, jobConfig, deployment, secrets) {
  const db = `${name}-mysql`;
  const sts = ix.get("StatefulSet", db);
  if (
    !report.expect(
      sts !== undefined,
      `StatefulSet/${db}`,
      "kind",
      `dev needs a MySQL StatefulSet for ${name}`,
    )
  )
    return;
  const where = ref(sts);
  const spec = podSpecOf(sts);
  report.expect(sts.spec?.replicas === 1, where, "spec.replicas", "must be 1");
  report.expect(
    (sts.spec?.volumeClaimTemplates ?? []).length > 0,
    where,
    "spec.volumeClaimTemplates",
    "needs a persistent volume",
  );
  const headless = ix.get("Service", sts.spec?.serviceName);
  report.expect(
    headless?.spec?.clusterIP === "None",
    where,
    "spec.serviceName",
    `must name a headless Service (${sts.spec?.serviceName})`,
  );
  report.expect(
    `${sts.spec?.serviceName}.${NAMESPACE}.${CLUSTER_DOMAIN}` === config.CCRM_MYSQL_HOST,
    where,
    "spec.serviceName",
    `the service connects to ${config.CCRM_MYSQL_HOST}`,
  );
  const mysql = spec.containers?.[0];
  if (!mysql) return;
  report.expect(
    /^(docker\.io\/library\/)?mysql:8\.0\.\d+$/.test(mysql.image),
    where,
    "image",
    `"${mysql.image}" must be mysql 8.0 pinned to a patch release`,
  );
  const env = Object.fromEntries((mysql.env ?? []).map((e) => [e.name, e.value]));
  report.expect(
    env.CCRM_DB_SCHEMA === config.CCRM_MYSQL_DATABASE,
    where,
    "env.CCRM_DB_SCHEMA",
    `must be ${config.CCRM_MYSQL_DATABASE}`,
  );
  report.expect(
    env.CCRM_DB_SERVICE_USER === config.CCRM_MYSQL_USER,
    where,
    "env.CCRM_DB_SERVICE_USER",
    `must be ${config.CCRM_MYSQL_USER}`,
  );
  report.expect(
    env.CCRM_DB_MIGRATOR_USER === jobConfig.CCRM_MYSQL_USER,
    where,
    "env.CCRM_DB_MIGRATOR_USER",
    `must be the migration Job's user ${jobConfig.CCRM_MYSQL_USER}`,
  );
  report.expect(
    env.MYSQL_ROOT_HOST === "localhost",
    where,
    "env.MYSQL_ROOT_HOST",
    "root must be local to the pod",
  );
  const init = (mysql.volumeMounts ?? []).find(
    (m) => m.mountPath === "/docker-entrypoint-initdb.d",
  );
  const initVolume = (spec.volumes ?? []).find((v) => v.name === init?.name);
  const initConfig = initVolume?.configMap
    ? ix.get("ConfigMap", initVolume.configMap.name)
    : undefined;
  report.expect(
    initConfig !== undefined && Object.keys(initConfig.data ?? {}).some((k) => k.endsWith(".sh")),
    where,
    "volumeMounts[/docker-entrypoint-initdb.d]",
    "must mount the init script ConfigMap",
  );
  // The passwords the init script sets are the ones the service and the migration Job read.
  const source = (file) => secretFileSource(spec, mysql, file ?? "");
  const serving = podSpecOf(deployment).containers[0];
  const servicePassword = secretFileSource(
    podSpecOf(deployment),
    serving,
    config.CCRM_MYSQL_PASSWORD_FILE ?? "",
  );
  report.expect(
    source(env.CCRM_DB_SERVICE_PASSWORD_FILE)?.secretName === servicePassword?.secretName &&
      servicePassword?.secretName,
    where,
    "env.CCRM_DB_SERVICE_PASSWORD_FILE",
    `must come from the Secret the service reads (${servicePassword?.secretName})`,
  );
  report.expect(
    source(env.CCRM_DB_MIGRATOR_PASSWORD_FILE)?.secretName === `${name}-mysql-migrator`,
    where,
    "env.CCRM_DB_MIGRATOR_PASSWORD_FILE",
    `must come from the Secret ${name}-mysql-migrator`,
  );
  checkSecretFiles(report, sts, mysql, {}, secrets);
  const policy = ix
    .all("NetworkPolicy")
    .find(
      (p) =>
        labelsMatch(p.spec?.podSelector?.matchLabels, podLabelsOf(sts)) &&
        Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length > 0,
    );
  if (!report.expect(policy !== undefined, `NetworkPolicy for ${db}`, "kind", "missing")) return;
  const sources = [];
  for (const rule of policy.spec?.ingress ?? []) {
    report.expect(
      same(portsOf(rule), ["TCP/3306"]),
      ref(policy),
      "spec.ingress",
      `unexpected ports ${portsOf(rule).join(",")}`,
    );
    for (const peer of rule.from ?? [{}]) {
      const s = samePodName(peer);
      if (s === null)
        report.fail(ref(policy), "spec.ingress", `unexpected source ${peerDescription(peer)}`);
      else sources.push(s);
    }
  }
  report.expect(
    sortedJson(sources) === sortedJson([name, `${name}-migrate`]),
    ref(policy),
    "spec.ingress (sources)",
    `admits ${sortedJson(sources)}, expected only ${name} and ${name}-migrate`,
  );
  report.expect(
    sortedJson(policy.spec?.policyTypes ?? []) === sortedJson(["Ingress", "Egress"]) &&
      (policy.spec?.egress ?? []).length === 0,
    ref(policy),
    "spec.egress",
    "MySQL reaches nothing",
  );
}

// The first path at which a and b differ ("" when they are equal).
function firstDifference(a, b, where = "") {
  if (same(a, b)) return "";
  if (
    a &&
    b &&
    typeof a === "object" &&
    typeof b === "object" &&
    Array.isArray(a) === Array.isArray(b)
  ) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(a[k], b[k], Array.isArray(a) ? `${where}[${k}]` : `${where}.${k}`);
      if (d) return d;
    }
  }
  return where || "(the whole object)";
}

// An object of deploy/gateway's render as the overlays may legitimately change it: the namespace
// they set and the registry they pull from.
function gatewayComparable(obj) {
  const o = structuredClone(obj);
  delete o.metadata.namespace;
  for (const c of [...(podSpecOf(o)?.initContainers ?? []), ...(podSpecOf(o)?.containers ?? [])]) {
    if (typeof c.image === "string") c.image = withoutRegistry(c.image);
  }
  return o;
}

function checkGateway(report, docs, gatewayDocs) {
  const expectGateway = gatewayDocs !== null && gatewayDocs !== undefined;
  const gateways = docs.filter(
    (d) => ["Deployment", "StatefulSet"].includes(d.kind) && podLabelsOf(d)[NAME_LABEL] === GATEWAY,
  );
  if (expectGateway) {
    for (const own of gatewayDocs) {
      const rendered = docs.find(
        (d) => d.kind === own.kind && d.metadata?.name === own.metadata?.name,
      );
      if (
        !report.expect(
          rendered !== undefined,
          ref(own),
          "kind",
          "deploy/gateway renders it, the overlay does not",
        )
      )
        continue;
      const difference = firstDifference(gatewayComparable(own), gatewayComparable(rendered));
      report.expect(
        difference === "",
        ref(own),
        difference.replace(/^\./, ""),
        "differs from deploy/gateway's own render (an overlay may change only the namespace and the registry)",
      );
    }
  }
  if (!expectGateway) {
    report.expect(
      gateways.length === 0,
      `pods ${NAME_LABEL}=${GATEWAY}`,
      "kind",
      "gateway resources are rendered but deploy/gateway/kustomization.yaml does not exist",
    );
    return;
  }
  if (
    !report.expect(
      gateways.length === 1,
      `pods ${NAME_LABEL}=${GATEWAY}`,
      "kind",
      `deploy/gateway is referenced, so exactly one workload's pods must carry ${NAME_LABEL}=${GATEWAY} (the services admit those), found ${gateways.length}`,
    )
  )
    return;
  const labels = podLabelsOf(gateways[0]);
  const policies = docs.filter(
    (d) =>
      d.kind === "NetworkPolicy" &&
      Object.keys(d.spec?.podSelector?.matchLabels ?? {}).length > 0 &&
      labelsMatch(d.spec.podSelector.matchLabels, labels),
  );
  report.expect(
    policies.length > 0,
    ref(gateways[0]),
    "NetworkPolicy",
    "no NetworkPolicy selects the gateway's pods (the namespace denies by default)",
  );
  const reached = new Set();
  for (const p of policies) {
    for (const rule of p.spec?.egress ?? []) {
      for (const peer of rule.to ?? []) {
        const name = samePodName(peer);
        if (name && SERVICES[name] && portsOf(rule).includes(`TCP/${SERVICES[name].grpc}`))
          reached.add(name);
      }
    }
  }
  report.expect(
    sortedJson(reached) === sortedJson(Object.keys(SERVICES)),
    ref(gateways[0]),
    "NetworkPolicy egress",
    `the gateway reaches ${sortedJson(reached)}, expected all four services`,
  );
  // Where the services demand client certificates, the gateway's nginx must present one.
  const mtls = Object.keys(SERVICES).some((name) => {
    const d = docs.find((x) => x.kind === "Deployment" && x.metadata?.name === name);
    const cm = d ? configOf(index(docs), d).data : undefined;
    return cm?.CCRM_TLS_CLIENT_CA_FILE !== undefined;
  });
  if (mtls) {
    const nginx = (podSpecOf(gateways[0])?.volumes ?? [])
      .filter((v) => v.configMap)
      .map((v) => docs.find((x) => x.kind === "ConfigMap" && x.metadata?.name === v.configMap.name))
      .flatMap((cm) => Object.values(cm?.data ?? {}))
      .join("\n");
    report.expect(
      /\bgrpc_ssl_certificate\s+\S+;/.test(nginx) &&
        /\bgrpc_ssl_certificate_key\s+\S+;/.test(nginx) &&
        /\bgrpc_ssl_verify\s+on;/.test(nginx) &&
        !/\$ccrm_upstream_scheme\s*\{\s*default\s+grpc;/.test(nginx),
      ref(gateways[0]),
      "nginx configuration (upstreams)",
      "the services demand client certificates (mTLS), so nginx must call them over grpcs with grpc_ssl_certificate, grpc_ssl_certificate_key and grpc_ssl_verify on",
    );
  }
}

function checkEnvironment(env, docs, options, report) {
  const secrets = new Map();
  checkNamespaces(report, docs);
  checkNoSecrets(report, docs);
  if (env === "namespace") {
    const ns = docs.find((d) => d.kind === "Namespace" && d.metadata?.name === NAMESPACE);
    if (report.expect(ns !== undefined, `Namespace/${NAMESPACE}`, "kind", "missing")) {
      report.expect(
        ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"] === "restricted",
        ref(ns),
        "metadata.labels[pod-security.kubernetes.io/enforce]",
        "must be restricted",
      );
    }
    return secrets;
  }
  checkWorkloads(report, docs, env);
  checkDefaultDeny(report, docs);
  const ix = index(docs);
  const ccrmDeployments = ix.all("Deployment").filter((d) => SERVICES[d.metadata.name]);
  report.expect(
    ccrmDeployments.length === 4,
    "Deployments",
    "kind",
    `expected the four services, found ${ccrmDeployments.length}`,
  );
  for (const [name, svc] of Object.entries(SERVICES)) {
    const deployment = ix.get("Deployment", name);
    if (
      !report.expect(
        deployment !== undefined && podSpecOf(deployment)?.containers?.length > 0,
        `Deployment/${name}`,
        "kind",
        "missing",
      )
    )
      continue;
    const labels = podLabelsOf(deployment);
    const sa = ix.get("ServiceAccount", name);
    if (report.expect(sa !== undefined, `ServiceAccount/${name}`, "kind", "missing")) {
      report.expect(
        sa.automountServiceAccountToken === false,
        ref(sa),
        "automountServiceAccountToken",
        "must be false",
      );
    }
    const cm = configOf(ix, deployment);
    if (
      !report.expect(
        cm.data !== undefined,
        ref(deployment),
        "envFrom.configMapRef",
        `ConfigMap ${cm.name} is not rendered`,
      )
    )
      continue;
    const config = checkServiceConfig(report, env, ix, name, svc, cm, deployment);
    const tag = imageTag(
      podSpecOf(deployment).containers.find((c) => c.name === name)?.image ?? "",
    );
    const container = checkDeployment(report, env, ix, name, svc, deployment, config, tag);
    if (container) checkSecretFiles(report, deployment, container, config, secrets);
    checkServices(report, ix, name, svc, labels);
    checkDisruption(report, env, ix, name, labels, config);
    checkServicePolicy(report, env, ix, name, svc, labels);
    const jobConfig = checkJob(report, env, ix, name, svc, deployment, tag, secrets, config);
    if (env === "dev") checkDevMysql(report, ix, name, svc, config, jobConfig, deployment, secrets);
    if (options.flags?.[name]) {
      for (const [configName, data] of [
        [cm.name, config],
        [`${name}-migrate-config`, jobConfig],
      ]) {
        for (const key of Object.keys(data)) {
          report.expect(
            options.flags[name].has(key),
            `ConfigMap/${configName}`,
            `data.${key}`,
            `${name} has no such flag (not in its --help)`,
          );
        }
      }
    }
  }
  if (env === "prod") {
    for (const sts of ix.all("StatefulSet")) {
      report.fail(ref(sts), "kind", "prod runs no database in the cluster (managed MySQL)");
    }
  }
  checkGateway(report, docs, options.gatewayDocs?.[env]);
  return secrets;
}

function checkReadme(report, readmeText, secrets) {
  const lines = readmeText.split("\n");
  for (const { secret, key, users } of secrets.values()) {
    report.expect(
      lines.some((l) => l.includes(`\`${secret}\``) && l.includes(`\`${key}\``)),
      "deploy/k8s/README.md",
      `Secret ${secret} key ${key}`,
      `not documented (read by ${[...users].sort().join(", ")}); list it as \`${secret}\` | \`${key}\``,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Self-test: one known defect at a time, each of which must be reported as expected.

function findDoc(docs, kind, name) {
  const d = docs.find((x) => x.kind === kind && x.metadata?.name === name);
  if (!d) throw new Error(`self-test: ${kind}/${name} is not in the render`);
  return d;
}

function container0(docs, kind, name) {
  return podSpecOf(findDoc(docs, kind, name)).containers[0];
}

function configMapOf(docs, service) {
  const name = container0(docs, "Deployment", service).envFrom[0].configMapRef.name;
  return findDoc(docs, "ConfigMap", name);
}

const MUTATIONS = [
  {
    env: "dev",
    what: "readiness probe removed",
    apply: (d) => {
      delete container0(d, "Deployment", "customer-profile").readinessProbe;
    },
    expect: "[dev] Deployment/customer-profile container customer-profile: readinessProbe: missing",
  },
  {
    env: "dev",
    what: "writable root filesystem",
    apply: (d) => {
      container0(d, "Deployment", "credit-rating").securityContext.readOnlyRootFilesystem = false;
    },
    expect:
      "Deployment/credit-rating container credit-rating: securityContext.readOnlyRootFilesystem: must be true",
  },
  {
    env: "prod",
    what: "capability added back",
    apply: (d) => {
      container0(d, "Deployment", "risk-warning").securityContext.capabilities = {
        add: ["NET_ADMIN"],
      };
    },
    expect:
      "Deployment/risk-warning container risk-warning: securityContext.capabilities.drop: must include ALL",
  },
  {
    env: "dev",
    what: "root user in the container",
    apply: (d) => {
      container0(d, "Deployment", "relationship-service").securityContext.runAsUser = 0;
    },
    expect:
      "Deployment/relationship-service container relationship-service: securityContext.runAsUser: must be 65532, is 0",
  },
  {
    env: "prod",
    what: "root user for the pod",
    apply: (d) => {
      podSpecOf(findDoc(d, "Deployment", "relationship-service")).securityContext.runAsUser = 0;
    },
    expect:
      "Deployment/relationship-service: spec.template.spec.securityContext.runAsUser: must be 65532, is 0",
  },
  {
    env: "dev",
    what: "privilege escalation allowed",
    apply: (d) => {
      container0(
        d,
        "Job",
        "customer-profile-migrate-" +
          imageTag(container0(d, "Deployment", "customer-profile").image),
      ).securityContext.allowPrivilegeEscalation = true;
    },
    expect: "container migrate: securityContext.allowPrivilegeEscalation: must be false",
  },
  {
    env: "prod",
    what: "memory limit removed",
    apply: (d) => {
      delete container0(d, "Deployment", "customer-profile").resources.limits.memory;
    },
    expect:
      "Deployment/customer-profile container customer-profile: resources.limits.memory: missing",
  },
  {
    env: "prod",
    what: "image on latest",
    apply: (d) => {
      container0(d, "Deployment", "credit-rating").image =
        "registry.ccrm.internal/ccrm/credit-rating:latest";
    },
    expect:
      'Deployment/credit-rating container credit-rating: image: "registry.ccrm.internal/ccrm/credit-rating:latest" is not pinned',
  },
  {
    env: "prod",
    what: "image without registry",
    apply: (d) => {
      const c = container0(d, "Deployment", "risk-warning");
      c.image = c.image.replace(/^[^/]+\//, "");
    },
    expect: "does not name its registry",
  },
  {
    env: "dev",
    what: "a Secret with data rendered",
    apply: (d) => {
      d.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "leak", namespace: NAMESPACE },
        data: { password: "c2VjcmV0" },
      });
    },
    expect: "[dev] Secret/leak: kind: Secret objects must not be rendered",
  },
  {
    env: "dev",
    what: "an extra gRPC caller admitted",
    apply: (d) => {
      findDoc(d, "NetworkPolicy", "customer-profile").spec.ingress[0].from.push({
        podSelector: { matchLabels: { [NAME_LABEL]: "intruder" } },
      });
    },
    expect: "NetworkPolicy/customer-profile: spec.ingress (gRPC sources): admits",
  },
  {
    env: "prod",
    what: "a caller dropped",
    apply: (d) => {
      findDoc(d, "NetworkPolicy", "credit-rating").spec.ingress[0].from.pop();
    },
    expect:
      'NetworkPolicy/credit-rating: spec.ingress (gRPC sources): admits ["api-gateway"], expected exactly ["api-gateway","risk-warning"]',
  },
  {
    env: "dev",
    what: "metrics open to every namespace",
    apply: (d) => {
      findDoc(d, "NetworkPolicy", "risk-warning").spec.ingress[1].from = [
        { namespaceSelector: {} },
      ];
    },
    expect:
      "NetworkPolicy/risk-warning: spec.ingress (metrics): source namespace {} is not in the monitoring namespace",
  },
  {
    env: "dev",
    what: "MySQL egress widened",
    apply: (d) => {
      delete findDoc(d, "NetworkPolicy", "relationship-service").spec.egress[1].to;
    },
    expect:
      "NetworkPolicy/relationship-service: spec.egress (MySQL): must reach only pods relationship-service-mysql",
  },
  {
    env: "prod",
    what: "egress to a service it does not call",
    apply: (d) => {
      findDoc(d, "NetworkPolicy", "customer-profile").spec.egress.push({
        to: [{ podSelector: { matchLabels: { [NAME_LABEL]: "risk-warning" } } }],
        ports: [{ protocol: "TCP", port: 50054 }],
      });
    },
    expect:
      'NetworkPolicy/customer-profile: spec.egress (peers): reaches ["risk-warning"], expected []',
  },
  {
    env: "dev",
    what: "autoscaler removed",
    apply: (d) => {
      d.splice(d.indexOf(findDoc(d, "HorizontalPodAutoscaler", "risk-warning")), 1);
    },
    expect: "[dev] HorizontalPodAutoscaler/risk-warning: kind: missing",
  },
  {
    env: "prod",
    what: "headless Service given a virtual IP",
    apply: (d) => {
      delete findDoc(d, "Service", "customer-profile-headless").spec.clusterIP;
    },
    expect: "Service/customer-profile-headless: spec.clusterIP: must be None (headless)",
  },
  {
    env: "dev",
    what: "a dev MySQL missing",
    apply: (d) => {
      d.splice(d.indexOf(findDoc(d, "StatefulSet", "credit-rating-mysql")), 1);
    },
    expect:
      "[dev] StatefulSet/credit-rating-mysql: kind: dev needs a MySQL StatefulSet for credit-rating",
  },
  {
    env: "prod",
    what: "a MySQL StatefulSet in prod",
    apply: (d) => {
      d.push({
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: "stray-mysql", namespace: NAMESPACE },
        spec: {
          selector: { matchLabels: { a: "b" } },
          serviceName: "x",
          template: {
            metadata: { labels: { a: "b" } },
            spec: { automountServiceAccountToken: false, containers: [] },
          },
        },
      });
    },
    expect: "[prod] StatefulSet/stray-mysql: kind: prod runs no database in the cluster",
  },
  {
    env: "dev",
    what: "a misspelt field",
    apply: (d) => {
      const c = container0(d, "Deployment", "customer-profile");
      c.readinesProbe = c.readinessProbe;
    },
    expect:
      "Deployment/customer-profile: spec.template.spec.containers[0].readinesProbe: is not a field of the Kubernetes API",
  },
  {
    env: "prod",
    what: "a port of the wrong type",
    apply: (d) => {
      container0(d, "Deployment", "credit-rating").ports[0].containerPort = "grpc";
    },
    expect:
      "Deployment/credit-rating: schema: spec/template/spec/containers/0/ports/0/containerPort must be integer",
  },
  {
    env: "dev",
    what: "migration Job not renamed for the release",
    apply: (d) => {
      const j = d.find(
        (x) => x.kind === "Job" && x.metadata.name.startsWith("risk-warning-migrate"),
      );
      j.metadata.name = "risk-warning-migrate";
    },
    expect: "Job/risk-warning-migrate: metadata.name: must be risk-warning-migrate-",
  },
  {
    env: "prod",
    what: "grace period shorter than the drain",
    apply: (d) => {
      podSpecOf(findDoc(d, "Deployment", "relationship-service")).terminationGracePeriodSeconds =
        20;
    },
    expect:
      "Deployment/relationship-service: spec.template.spec.terminationGracePeriodSeconds: 20 must exceed the 20s drain",
  },
  {
    env: "dev",
    what: "max connection age missing",
    apply: (d) => {
      delete configMapOf(d, "customer-profile").data.CCRM_MAX_CONNECTION_AGE;
    },
    expect: "data.CCRM_MAX_CONNECTION_AGE: missing",
  },
  {
    env: "prod",
    what: "peer dialled through the virtual IP",
    apply: (d) => {
      configMapOf(d, "risk-warning").data.CCRM_CREDIT_RATING_ADDRESS =
        "credit-rating.ccrm.svc.cluster.local:50052";
    },
    expect:
      "data.CCRM_CREDIT_RATING_ADDRESS: must be dns:///credit-rating-headless.ccrm.svc.cluster.local:50052",
  },
  {
    env: "prod",
    what: "a key file outside every Secret volume",
    apply: (d) => {
      configMapOf(d, "customer-profile").data.CCRM_BLIND_INDEX_KEY_FILE =
        "/etc/ccrm/blind-index.key";
    },
    expect:
      "Deployment/customer-profile container customer-profile: CCRM_BLIND_INDEX_KEY_FILE: /etc/ccrm/blind-index.key is not in a mounted Secret volume",
  },
  {
    env: "prod",
    what: "gRPC probe behind mTLS",
    apply: (d) => {
      container0(d, "Deployment", "customer-profile").readinessProbe = { grpc: { port: 50051 } };
    },
    expect:
      "Deployment/customer-profile: container customer-profile readinessProbe: must be httpGet /readyz on the metrics port 9151",
  },
  {
    env: "dev",
    what: "plaintext service probed over HTTP",
    apply: (d) => {
      container0(d, "Deployment", "credit-rating").livenessProbe = {
        httpGet: { path: "/healthz", port: 9152 },
        periodSeconds: 10,
        failureThreshold: 3,
      };
    },
    expect:
      "Deployment/credit-rating: container credit-rating livenessProbe: must be a native gRPC probe on port 50052",
  },
  {
    env: "prod",
    what: "mTLS flags missing towards a peer",
    apply: (d) => {
      delete configMapOf(d, "relationship-service").data.CCRM_RISK_WARNING_TLS_CERT_FILE;
    },
    expect: "data.CCRM_RISK_WARNING_TLS_CERT_FILE: missing (prod calls risk-warning over mTLS)",
  },
  {
    env: "prod",
    what: "plaintext to the managed MySQL",
    apply: (d) => {
      delete configMapOf(d, "risk-warning").data.CCRM_MYSQL_TLS_CA_FILE;
    },
    expect:
      "data.CCRM_MYSQL_TLS_CA_FILE: missing (prod reaches its managed MySQL over verified TLS)",
  },
  {
    env: "dev",
    what: "the service mounts the migrator's password",
    apply: (d) => {
      const s = podSpecOf(findDoc(d, "Deployment", "credit-rating"));
      s.volumes.push({
        name: "m",
        secret: { secretName: "credit-rating-mysql-migrator", defaultMode: 0o440 },
      });
      s.containers[0].volumeMounts.push({
        name: "m",
        mountPath: "/var/run/secrets/ccrm/m",
        readOnly: true,
      });
    },
    expect:
      "Deployment/credit-rating: container credit-rating volumeMounts: must not mount the migrator's password",
  },
  {
    env: "dev",
    what: "MySQL init wired to another Secret",
    apply: (d) => {
      const c = container0(d, "StatefulSet", "risk-warning-mysql");
      c.env.find((e) => e.name === "CCRM_DB_SERVICE_PASSWORD_FILE").value =
        "/var/run/secrets/ccrm/mysql-migrator/password";
    },
    expect:
      "StatefulSet/risk-warning-mysql: env.CCRM_DB_SERVICE_PASSWORD_FILE: must come from the Secret the service reads (risk-warning-mysql)",
  },
  {
    env: "prod",
    what: "PodDisruptionBudget allows everything",
    apply: (d) => {
      findDoc(d, "PodDisruptionBudget", "customer-profile").spec.minAvailable = 0;
    },
    expect: "PodDisruptionBudget/customer-profile: spec.minAvailable: prod needs minAvailable >= 2",
  },
  {
    env: "prod",
    what: "an image from a second registry",
    apply: (d) => {
      container0(d, "Deployment", "credit-rating").image =
        "docker.io/ccrm/credit-rating:" +
        imageTag(container0(d, "Deployment", "credit-rating").image);
    },
    expect: "[prod] images: registry: prod pulls from one registry",
  },
  {
    env: "dev",
    what: "the gateway changed by an overlay",
    apply: (d, o) => {
      if (!o.gatewayDocs.dev) throw new Error("no gateway render");
      podSpecOf(findDoc(d, "Deployment", GATEWAY)).topologySpreadConstraints[0].whenUnsatisfiable =
        "DoNotSchedule";
    },
    expect:
      "[dev] Deployment/api-gateway: spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable: differs from deploy/gateway's own render",
  },
  {
    env: "dev",
    what: "the gateway's pods relabelled",
    apply: (d) => {
      findDoc(d, "Deployment", GATEWAY).spec.template.metadata.labels[NAME_LABEL] = "edge";
    },
    expect:
      "deploy/gateway is referenced, so exactly one workload's pods must carry app.kubernetes.io/name=api-gateway",
  },
  {
    env: "dev",
    what: "the gateway cannot reach a service",
    apply: (d) => {
      const p = findDoc(d, "NetworkPolicy", GATEWAY);
      p.spec.egress = p.spec.egress.filter((r) => !portsOf(r).includes("TCP/50053"));
    },
    expect:
      'the gateway reaches ["credit-rating","customer-profile","risk-warning"], expected all four services',
  },
  {
    env: "dev",
    what: "services demand client certificates the gateway does not present",
    apply: (d) => {
      configMapOf(d, "credit-rating").data.CCRM_TLS_CLIENT_CA_FILE =
        "/var/run/secrets/ccrm/jwt/hs256.key";
    },
    expect:
      "[dev] Deployment/api-gateway: nginx configuration (upstreams): the services demand client certificates (mTLS)",
  },
  {
    env: "prod",
    what: "the migration Job follows the hashed ConfigMap",
    apply: (d) => {
      const j = d.find(
        (x) => x.kind === "Job" && x.metadata.name.startsWith("credit-rating-migrate"),
      );
      j.spec.template.spec.containers[0].envFrom = container0(
        d,
        "Deployment",
        "credit-rating",
      ).envFrom;
    },
    expect: ": envFrom: must read only ConfigMap credit-rating-migrate-config (a fixed name",
  },
  {
    env: "dev",
    what: "the migration Job pointed at another database host",
    apply: (d) => {
      findDoc(d, "ConfigMap", "risk-warning-migrate-config").data.CCRM_MYSQL_HOST =
        "credit-rating-mysql.ccrm.svc.cluster.local";
    },
    expect:
      "ConfigMap/risk-warning-migrate-config: data.CCRM_MYSQL_HOST: is credit-rating-mysql.ccrm.svc.cluster.local, the service's is risk-warning-mysql.ccrm.svc.cluster.local",
  },
  {
    env: "dev",
    what: "Secret volume writable by others",
    apply: (d) => {
      podSpecOf(findDoc(d, "Deployment", "customer-profile")).volumes.find(
        (v) => v.secret,
      ).secret.defaultMode = 0o644;
    },
    expect: "secret.defaultMode: 0644 grants more than read to owner and group",
  },
];

function selfTest(validator, rendered, options) {
  const failures = [];
  let passed = 0;
  for (const m of MUTATIONS) {
    const base = rendered[m.env];
    if (!base) {
      failures.push(`self-test: no ${m.env} render to mutate for "${m.what}"`);
      continue;
    }
    const docs = structuredClone(base);
    try {
      m.apply(docs, options);
    } catch (e) {
      failures.push(`self-test: "${m.what}" (${m.env}) could not be applied: ${e.message}`);
      continue;
    }
    const report = new Report(m.env);
    for (const d of docs) validator.validate(d, report);
    checkEnvironment(m.env, docs, options, report);
    if (report.failures.some((f) => f.includes(m.expect))) {
      passed++;
    } else {
      failures.push(
        `self-test: "${m.what}" (${m.env}) was not reported as expected.\n  expected a line containing: ${m.expect}\n  got:\n    ${report.failures.join("\n    ") || "(no failure at all)"}`,
      );
    }
  }
  return { passed, failures };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const validator = await new SchemaValidator(args.deps).load();
  const flags = {};
  for (const [service, file] of Object.entries(args.flags)) {
    flags[service] = new Set(
      fs
        .readFileSync(file, "utf8")
        .match(/\$CCRM_[A-Z0-9_]+/g)
        ?.map((v) => v.slice(1)) ?? [],
    );
  }
  const options = { flags, gatewayDocs: {} };
  for (const [env, file] of Object.entries(args.gatewayRenders)) {
    options.gatewayDocs[env] = validator.parseYaml(fs.readFileSync(file, "utf8"));
  }
  const rendered = {};
  const failures = [];
  let checked = 0;
  const secrets = new Map();
  for (const { env, file } of args.checks) {
    let docs;
    try {
      docs = validator.parseYaml(fs.readFileSync(file, "utf8"));
    } catch (e) {
      failures.push(`[${env}] ${file}: cannot parse: ${e.message}`);
      continue;
    }
    const report = new Report(env);
    report.expect(docs.length > 0, file, "documents", "the render is empty");
    for (const d of docs) validator.validate(d, report);
    for (const [k, v] of checkEnvironment(env, docs, options, report)) {
      if (!secrets.has(k)) secrets.set(k, { ...v, users: new Set() });
      for (const u of v.users) secrets.get(k).users.add(`[${env}] ${u}`);
    }
    failures.push(...report.failures);
    checked += report.checked;
    rendered[env] = docs;
    process.stdout.write(
      `${env}: ${docs.length} objects, ${report.checked} checks, ${report.failures.length} failed\n`,
    );
  }
  if (args.readme) {
    const report = new Report("readme");
    checkReadme(report, fs.readFileSync(args.readme, "utf8"), secrets);
    failures.push(...report.failures);
    checked += report.checked;
    process.stdout.write(
      `readme: ${secrets.size} Secret keys documented checked, ${report.failures.length} failed\n`,
    );
  }
  if (args.selfTest) {
    const result = selfTest(validator, rendered, options);
    failures.push(...result.failures);
    process.stdout.write(
      `self-test: ${result.passed} of ${MUTATIONS.length} injected defects reported as expected\n`,
    );
  }
  for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
  process.stdout.write(`k8s manifests: ${checked} checks run, ${failures.length} failure(s)\n`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((e) => {
  process.stderr.write(`check_manifests.mjs: ${e.stack ?? e}\n`);
  process.exit(1);
});
