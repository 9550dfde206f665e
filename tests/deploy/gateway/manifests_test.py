#!/usr/bin/python3
"""Checks that the API gateway's routes, its Kubernetes rendering and its manifests agree:

  - deploy/gateway/k8s/ and components/upstream-mtls/upstreams.conf are what
    `render.sh --profile k8s` makes of the template today;
  - routes.conf exposes exactly the services the protos under proto/ccrm/{customer,rating,
    relationship,risk} declare, and the GRPCRoute forwards exactly those (the event feed neither);
  - `kubectl kustomize deploy/gateway` renders, without a namespace, every resource labelled
    app.kubernetes.io/name=api-gateway and app.kubernetes.io/part-of=ccrm;
  - the generated ConfigMap holds routes.conf and the k8s rendering byte for byte, and the
    Deployment mounts it where the container's -c points;
  - the Deployment runs non-root (65532), read-only, without capabilities, with requests, limits
    and probes, the image version is the one render.sh renders for, and the paths of nginx.conf
    (TLS files, state directory) are mounts of the right volumes;
  - the NetworkPolicy lets the gateway reach each service on the port upstreams.conf uses, and DNS;
  - components/upstream-mtls, applied on top, swaps in the mTLS upstreams.conf (same servers,
    grpcs, verification on, each service's name checked) and mounts Secret
    api-gateway-upstream-tls where that file looks for the CA and the client certificate.

Usage: /usr/bin/python3 tests/deploy/gateway/manifests_test.py
Environment: CCRM_REPO_ROOT (default: three levels up). Needs kubectl and python3-yaml.
Exit status 1 when a check fails; each failure says what differs.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO = os.environ.get("CCRM_REPO_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GATEWAY_DIR = os.path.join(REPO, "deploy", "gateway")
sys.path.insert(0, GATEWAY_DIR)
import smoke_check as sc  # noqa: E402  (deploy/gateway/smoke_check.py: Checks)

PUBLIC_PROTO_DIRS = ["customer", "rating", "relationship", "risk"]
LABELS = {"app.kubernetes.io/name": "api-gateway", "app.kubernetes.io/part-of": "ccrm"}
EXPECTED_KINDS = {"ServiceAccount", "ConfigMap", "Service", "Deployment", "PodDisruptionBudget",
                  "HorizontalPodAutoscaler", "NetworkPolicy", "GRPCRoute", "BackendTLSPolicy"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def proto_services():
    """Fully qualified names of the services the public packages declare."""
    services = set()
    for directory in PUBLIC_PROTO_DIRS:
        for path in glob.glob(os.path.join(REPO, "proto", "ccrm", directory, "v1", "*.proto")):
            text = read(path)
            package = re.search(r"^package\s+([\w.]+)\s*;", text, re.M)
            for name in re.findall(r"^service\s+(\w+)\s*\{", text, re.M):
                services.add("%s.%s" % (package.group(1), name))
    return services


def routed_services(routes):
    """Services routes.conf sends to an upstream: the path prefix of each grpc_pass location."""
    services = set()
    for block in re.finditer(r"location\s+(?:~|=)\s+\^?(/[^\s{]+)\s*\{([^}]*)\}", routes):
        if "grpc_pass" not in block.group(2):
            continue
        path = block.group(1).replace("\\.", ".")
        services.add(path.lstrip("/").split("/")[0])
    return services


def check_rendering(checks):
    result = subprocess.run([os.path.join(GATEWAY_DIR, "render.sh"), "--profile", "k8s",
                             "--check"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True)
    checks.expect(result.returncode == 0, "the committed Kubernetes renderings are up to date",
                  result.stdout[-3000:])


def check_routes(checks, route_docs):
    routes = read(os.path.join(GATEWAY_DIR, "routes.conf"))
    declared = proto_services()
    routed = routed_services(routes)
    checks.expect(len(declared) == 4, "the public protos declare four services",
                  "found %s" % sorted(declared))
    checks.expect(routed == declared, "routes.conf routes exactly the public services",
                  "routed %s, declared %s" % (sorted(routed), sorted(declared)))
    checks.expect(not any("EventFeed" in s for s in routed), "routes.conf does not route EventFeed")
    forwarded = set()
    for route in route_docs:
        for rule in route["spec"]["rules"]:
            for match in rule.get("matches", []):
                method = match.get("method", {})
                if method.get("type") == "Exact" and not method.get("method"):
                    forwarded.add(method.get("service"))
                else:
                    forwarded.add("unexpected match %r" % method)
    checks.expect(forwarded == declared, "the GRPCRoute forwards exactly the public services",
                  "forwards %s" % sorted(forwarded))


def by_kind(docs, kind):
    return [d for d in docs if d.get("kind") == kind]


def mount_for(path, mounts):
    """The volumeMount whose mountPath contains path (longest first)."""
    best = None
    for mount in mounts:
        prefix = mount["mountPath"].rstrip("/") + "/"
        if (path + "/").startswith(prefix) and (best is None or
                                                len(prefix) > len(best["mountPath"])):
            best = mount
    return best


def check_manifests(checks, docs):
    kinds = {d.get("kind") for d in docs}
    checks.expect(kinds == EXPECTED_KINDS, "kustomize renders the gateway's resources",
                  "kinds %s" % sorted(kinds))
    for d in docs:
        name = "%s/%s" % (d.get("kind"), d["metadata"].get("name"))
        labels = d["metadata"].get("labels") or {}
        missing = {k: v for k, v in LABELS.items() if labels.get(k) != v}
        checks.expect(not missing, "%s carries the api-gateway labels" % name,
                      "missing %s" % missing)
        checks.expect("namespace" not in d["metadata"], "%s has no namespace of its own" % name)

    k8s_nginx = read(os.path.join(GATEWAY_DIR, "k8s", "nginx.conf"))
    k8s_upstreams = read(os.path.join(GATEWAY_DIR, "k8s", "upstreams.conf"))
    config_maps = by_kind(docs, "ConfigMap")
    config = config_maps[0] if config_maps else {"metadata": {"name": ""}, "data": {}}
    data = config.get("data", {})
    checks.expect(data.get("routes.conf") == read(os.path.join(GATEWAY_DIR, "routes.conf")),
                  "the ConfigMap holds routes.conf unchanged")
    checks.expect(data.get("nginx.conf") == k8s_nginx and
                  data.get("upstreams.conf") == k8s_upstreams,
                  "the ConfigMap holds the k8s rendering unchanged")

    deployment = by_kind(docs, "Deployment")[0]
    pod = deployment["spec"]["template"]["spec"]
    container = pod["containers"][0]
    mounts = container.get("volumeMounts", [])
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    pod_security = pod.get("securityContext", {})
    security = container.get("securityContext", {})
    checks.expect(pod_security.get("runAsNonRoot") is True and
                  pod_security.get("runAsUser") == 65532 and
                  security.get("runAsNonRoot") is True and security.get("runAsUser") == 65532,
                  "nginx runs as non-root user 65532", "pod %r container %r" %
                  (pod_security, security))
    checks.expect(security.get("readOnlyRootFilesystem") is True and
                  security.get("allowPrivilegeEscalation") is False and
                  security.get("capabilities", {}).get("drop") == ["ALL"],
                  "read-only root filesystem, no privilege escalation, all capabilities dropped",
                  repr(security))
    resources = container.get("resources", {})
    checks.expect(all(resources.get(k, {}).get(r) for k in ("requests", "limits")
                      for r in ("cpu", "memory")), "cpu and memory requests and limits are set",
                  repr(resources))
    checks.expect(container.get("readinessProbe") and container.get("livenessProbe"),
                  "readiness and liveness probes are set")

    version = re.search(r'^K8S_NGINX_VERSION="([0-9.]+)"',
                        read(os.path.join(GATEWAY_DIR, "render.sh")), re.M).group(1)
    image = container.get("image", "")
    checks.expect(re.search(r":%s(-[a-z0-9.-]+)?$" % re.escape(version), image) is not None,
                  "the image is nginx %s, the version render.sh renders for" % version,
                  "image %r" % image)

    args = container.get("args", [])
    conf_path = args[args.index("-c") + 1] if "-c" in args else ""
    conf_mount = mount_for(conf_path, mounts)
    checks.expect(conf_mount is not None and os.path.basename(conf_path) == "nginx.conf" and
                  volumes.get(conf_mount["name"], {}).get("configMap", {}).get("name") ==
                  config["metadata"]["name"],
                  "nginx -c reads nginx.conf from the generated ConfigMap",
                  "-c %r, mount %r" % (conf_path, conf_mount))

    for directive in ("ssl_certificate", "ssl_certificate_key"):
        path = re.search(r"^\s*%s\s+(\S+);" % directive, k8s_nginx, re.M).group(1)
        mount = mount_for(path, mounts)
        secret = volumes.get(mount["name"], {}).get("secret", {}) if mount else {}
        checks.expect(secret.get("secretName") == "api-gateway-tls",
                      "%s %s comes from Secret api-gateway-tls" % (directive, path),
                      "mount %r" % mount)
    state = os.path.dirname(re.search(r"^pid\s+(\S+);", k8s_nginx, re.M).group(1))
    mount = mount_for(state, mounts)
    checks.expect(mount is not None and "emptyDir" in volumes.get(mount["name"], {}),
                  "the state directory %s is an emptyDir" % state, "mount %r" % mount)

    listen = re.findall(r"^\s*listen\s+(?:[^;\s]*:)?(\d+)\s", k8s_nginx, re.M)
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    service = by_kind(docs, "Service")[0]
    checks.expect(listen == [str(ports.get("https"))] and
                  service["spec"]["ports"][0]["targetPort"] == "https",
                  "nginx listens on the container's https port, which the Service targets",
                  "listen %s, container ports %s" % (listen, ports))

    upstream_ports = dict(re.findall(r"^\s*server\s+([a-z-]+):(\d+);", k8s_upstreams, re.M))
    allowed = {}
    has_dns = False
    for rule in by_kind(docs, "NetworkPolicy")[0]["spec"].get("egress", []):
        rule_ports = {p["port"] for p in rule.get("ports", [])}
        for peer in rule.get("to", []):
            name = peer.get("podSelector", {}).get("matchLabels", {}).get(
                "app.kubernetes.io/name")
            if name:
                allowed[name] = {str(p) for p in rule_ports}
            if peer.get("namespaceSelector") and 53 in rule_ports:
                has_dns = True
    checks.expect(allowed == {k: {v} for k, v in upstream_ports.items()},
                  "the NetworkPolicy allows exactly the upstream services and ports",
                  "allowed %s, upstreams %s" % (allowed, upstream_ports))
    checks.expect(has_dns, "the NetworkPolicy allows DNS")

    hpa = by_kind(docs, "HorizontalPodAutoscaler")[0]["spec"]
    checks.expect(hpa.get("minReplicas", 0) >= 2, "the autoscaler keeps two replicas at least")


def kustomize(checks, directory, what):
    """The documents `kubectl kustomize directory` renders, or None (a failed check)."""
    result = subprocess.run(["kubectl", "kustomize", directory], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True)
    checks.expect(result.returncode == 0, "kubectl kustomize renders %s" % what, result.stderr)
    if result.returncode != 0:
        return None
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def check_mtls_component(checks, plain_docs):
    component = os.path.join(GATEWAY_DIR, "components", "upstream-mtls")
    mtls_upstreams = read(os.path.join(component, "upstreams.conf"))
    plain_upstreams = read(os.path.join(GATEWAY_DIR, "k8s", "upstreams.conf"))
    servers = re.compile(r"^\s*server\s+(\S+);", re.M)
    checks.expect(servers.findall(mtls_upstreams) == servers.findall(plain_upstreams),
                  "the mTLS upstreams.conf has the same servers as the plain one")
    checks.expect(re.search(r"default grpcs;", mtls_upstreams) is not None and
                  re.search(r"^grpc_ssl_verify on;", mtls_upstreams, re.M) is not None,
                  "the mTLS upstreams.conf calls the services over TLS and verifies them")
    names = dict(re.findall(r"^\s+([a-z-]+) ([a-z-]+);", mtls_upstreams.split(
        "$ccrm_upstream_tls_name {")[-1], re.M))
    hosts = {h.split(":")[0] for h in servers.findall(mtls_upstreams)}
    checks.expect(set(names.values()) == hosts and all(k == v for k, v in names.items()),
                  "each service's certificate is checked for its Service name", repr(names))

    overlay = tempfile.mkdtemp(prefix="ccrm-gateway-mtls-")
    try:
        with open(os.path.join(overlay, "kustomization.yaml"), "w") as f:
            f.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                    "namespace: ccrm-test\nresources:\n  - %s\ncomponents:\n  - %s\n" %
                    (os.path.relpath(GATEWAY_DIR, overlay), os.path.relpath(component, overlay)))
        docs = kustomize(checks, overlay, "deploy/gateway with components/upstream-mtls")
    finally:
        shutil.rmtree(overlay, ignore_errors=True)
    if docs is None:
        return
    data = by_kind(docs, "ConfigMap")[0].get("data", {})
    plain_data = by_kind(plain_docs, "ConfigMap")[0].get("data", {})
    checks.expect(data.get("upstreams.conf") == mtls_upstreams and
                  data.get("nginx.conf") == plain_data.get("nginx.conf") and
                  data.get("routes.conf") == plain_data.get("routes.conf"),
                  "with the component, the ConfigMap holds the mTLS upstreams.conf and nothing "
                  "else changes")
    pod = by_kind(docs, "Deployment")[0]["spec"]["template"]["spec"]
    mounts = pod["containers"][0].get("volumeMounts", [])
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for directive in ("grpc_ssl_trusted_certificate", "grpc_ssl_certificate",
                      "grpc_ssl_certificate_key"):
        path = re.search(r"^%s\s+(\S+);" % directive, mtls_upstreams, re.M).group(1)
        mount = mount_for(path, mounts)
        secret = volumes.get(mount["name"], {}).get("secret", {}) if mount else {}
        checks.expect(secret.get("secretName") == "api-gateway-upstream-tls",
                      "%s %s comes from Secret api-gateway-upstream-tls" % (directive, path),
                      "mount %r" % mount)


def main():
    checks = sc.Checks()
    check_rendering(checks)
    docs = kustomize(checks, GATEWAY_DIR, "deploy/gateway")
    if docs is None:
        return checks.done()
    check_routes(checks, by_kind(docs, "GRPCRoute"))
    check_manifests(checks, docs)
    check_mtls_component(checks, docs)
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
