#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Checks the Kubernetes manifests under deploy/k8s without a cluster or a database: renders the
# namespace, overlays/dev and overlays/prod with `kubectl kustomize`, and runs check_manifests.mjs
# on the result: every object against the Kubernetes API schemas (types, required fields, enums,
# unknown fields), then the properties deploy/k8s/README.md promises (probes, resources, security
# contexts, the objects each service needs, headless Services, NetworkPolicy sources and
# destinations, the migration Jobs, Secret files and their documentation, dev's MySQL per service,
# pinned images, no Secret objects). It also checks that base/kustomization.yaml references
# deploy/gateway exactly when deploy/gateway/kustomization.yaml exists, and, when the service
# binaries are built, that every CCRM_* variable of the ConfigMaps is a flag of its service.
# Finally it proves the checks can fail: the checker's self-test injects known defects one by one,
# and a mutated copy of the dev render must be rejected with a specific message.
#
# The npm packages (exact versions in package.json and package-lock.json beside this script) are
# installed with `npm ci --ignore-scripts` into a cache directory outside the repository, one per
# lock file content, and reused while the lock file does not change.
#
# Example:
#   tests/deploy/k8s/check_manifests.sh
#   CCRM_BUILD_DIR=/work/build tests/deploy/k8s/check_manifests.sh
#
# Environment (all optional):
#   CCRM_BUILD_DIR        build directory: when it holds services/<svc>/<svc>, the ConfigMaps are
#                         checked against each binary's --help; its deploy-k8s-check/ is the cache
#   CCRM_K8S_CHECK_CACHE  npm package cache (default $CCRM_BUILD_DIR/deploy-k8s-check when
#                         CCRM_BUILD_DIR is set, else ~/.cache/ccrm/k8s-check)
# Needs kubectl 1.27 or newer (kustomize 5), node 20 or newer and npm (with the npm registry reachable
# the first time a lock file is installed).
set -euo pipefail

# shellcheck disable=SC2034  # read by ccrm_log
CCRM_LOG_TAG="check-k8s-manifests"
# shellcheck source=../../../deploy/local/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../../deploy/local/lib/common.sh"

if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then
  sed -n '3,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
  exit 0
fi
(($# == 0)) || ccrm_die "unexpected argument '$1' (see --help)"

readonly HERE="$CCRM_REPO_ROOT/tests/deploy/k8s"
readonly K8S_DIR="$CCRM_REPO_ROOT/deploy/k8s"
readonly GATEWAY_KUSTOMIZATION="$CCRM_REPO_ROOT/deploy/gateway/kustomization.yaml"
readonly SERVICES=(customer-profile credit-rating relationship-service risk-warning)
WORK_DIR=""

# shellcheck disable=SC2317  # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -z "$WORK_DIR" ]] || rm -rf -- "$WORK_DIR"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

require_tools() {
  command -v kubectl >/dev/null 2>&1 ||
    ccrm_die "kubectl not found: install the Debian package kubectl (its kustomize renders the overlays)"
  command -v node >/dev/null 2>&1 ||
    ccrm_die "node not found: install the Debian package nodejs (NodeSource, 20 or newer)"
  command -v npm >/dev/null 2>&1 ||
    ccrm_die "npm not found: install the nodejs package that ships npm (NodeSource)"
  local major kustomize
  major="$(node -p 'process.versions.node.split(".")[0]')" || ccrm_die "node does not run"
  ((major >= 20)) || ccrm_die "node $(node --version) is too old: 20 or newer is needed"
  # Debian's own kubernetes-client (1.20) embeds kustomize 2, which knows neither labels nor
  # replacements.
  kustomize="$(kubectl version --client -o json 2>/dev/null |
    sed -n 's/.*"kustomizeVersion": *"v\([0-9][0-9]*\)\..*/\1/p')"
  [[ -n "$kustomize" && "$kustomize" -ge 5 ]] ||
    ccrm_die "kubectl $(kubectl version --client 2>/dev/null | head -n 1) embeds no kustomize 5: install kubectl 1.27 or newer"
}

cache_root() {
  if [[ -n "${CCRM_K8S_CHECK_CACHE:-}" ]]; then
    printf '%s' "$CCRM_K8S_CHECK_CACHE"
  elif [[ -n "${CCRM_BUILD_DIR:-}" ]]; then
    printf '%s/deploy-k8s-check' "$CCRM_BUILD_DIR"
  else
    printf '%s/.cache/ccrm/k8s-check' "$HOME"
  fi
}

# install_packages: prints the node_modules directory holding exactly the locked packages,
# installing them first when this lock file has not been installed yet.
install_packages() {
  local root hash dir tmp
  root="$(cache_root)"
  hash="$(cat "$HERE/package.json" "$HERE/package-lock.json" | sha256sum | cut -c1-16)"
  dir="$root/$hash"
  if [[ -f "$dir/node_modules/.package-lock.json" ]]; then
    printf '%s/node_modules' "$dir"
    return 0
  fi
  mkdir -p "$root"
  tmp="$(mktemp -d "$root/.install.XXXXXX")"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$tmp/"
  ccrm_log "installing the locked npm packages into $dir"
  if ! (cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error \
    >"$tmp/npm.log" 2>&1); then
    cat "$tmp/npm.log" >&2
    rm -rf -- "$tmp"
    ccrm_die "npm ci failed (is the npm registry reachable?)"
  fi
  # Another run may have finished the same install meanwhile; either copy is the same.
  if ! mv -T "$tmp" "$dir" 2>/dev/null; then
    rm -rf -- "$tmp"
    [[ -f "$dir/node_modules/.package-lock.json" ]] || ccrm_die "could not install into $dir"
  fi
  printf '%s/node_modules' "$dir"
}

# render DIR OUT: kubectl kustomize DIR into OUT; exits 1 with kustomize's message on failure.
render() {
  if ! kubectl kustomize "$1" >"$2" 2>"$2.err"; then
    cat "$2.err" >&2
    ccrm_die "kubectl kustomize $1 failed"
  fi
}

# The gateway's kustomization is part of the base exactly when it exists.
check_gateway_reference() {
  local referenced=0 where="deploy/k8s/base/kustomization.yaml: resources"
  if grep -Eq '^[[:space:]]*-[[:space:]]*\.\./\.\./gateway/?[[:space:]]*$' \
    "$K8S_DIR/base/kustomization.yaml"; then
    referenced=1
  fi
  if [[ -f "$GATEWAY_KUSTOMIZATION" ]] && ((referenced == 0)); then
    ccrm_log "FAIL $where: deploy/gateway/kustomization.yaml exists but ../../gateway is not listed"
    return 1
  fi
  if [[ ! -f "$GATEWAY_KUSTOMIZATION" ]] && ((referenced == 1)); then
    ccrm_log "FAIL $where: lists ../../gateway but deploy/gateway/kustomization.yaml does not exist"
    return 1
  fi
  return 0
}

# flag_arguments: prints "--flags SERVICE=HELPFILE" pairs (one word a line) for every built service.
flag_arguments() {
  local service bin help
  [[ -n "${CCRM_BUILD_DIR:-}" ]] || return 0
  for service in "${SERVICES[@]}"; do
    bin="$CCRM_BUILD_DIR/services/$service/$service"
    if [[ ! -x "$bin" ]]; then
      ccrm_log "$bin not built: its ConfigMap is not checked against its flags"
      continue
    fi
    help="$WORK_DIR/$service.help"
    "$bin" --help >"$help" 2>&1 || ccrm_die "$bin --help failed: $(head -c 500 "$help")"
    grep -qF 'CCRM_LISTEN' "$help" ||
      ccrm_die "$bin --help does not list its flags' environment variables"
    printf '%s\n' --flags "$service=$help"
  done
}

# expect_rejected FILE MESSAGE: the checker must fail on the dev render FILE and print MESSAGE.
expect_rejected() {
  local file="$1" message="$2" out rc=0
  out="$(node "$HERE/check_manifests.mjs" --deps "$DEPS" --check "dev=$file" "${gateway[@]}" 2>&1)" || rc=$?
  if ((rc != 1)) || ! grep -qF -- "$message" <<<"$out"; then
    printf '%s\n' "$out" >&2
    ccrm_die "negative test: the checker exited $rc on $(basename "$file");" \
      "expected exit 1 and a line containing: $message"
  fi
  ccrm_log "negative test: $(basename "$file") rejected as expected"
}

require_tools
WORK_DIR="$(mktemp -d /tmp/ccrm-k8s-check.XXXXXX)"
DEPS="$(install_packages)"

render "$K8S_DIR/namespace" "$WORK_DIR/namespace.yaml"
render "$K8S_DIR/overlays/dev" "$WORK_DIR/dev.yaml"
render "$K8S_DIR/overlays/prod" "$WORK_DIR/prod.yaml"

status=0
check_gateway_reference || status=1

mapfile -t flags < <(flag_arguments)
gateway=()
if [[ -f "$GATEWAY_KUSTOMIZATION" ]]; then
  render "$(dirname "$GATEWAY_KUSTOMIZATION")" "$WORK_DIR/gateway.yaml"
  # Prod adds the gateway's upstream mTLS component: render the gateway with it, from a copy laid
  # out as in the repository.
  mkdir -p "$WORK_DIR/deploy/gateway-prod"
  cp -r "$(dirname "$GATEWAY_KUSTOMIZATION")" "$WORK_DIR/deploy/gateway"
  printf '%s\n' "resources: [../gateway]" "components: [../gateway/components/upstream-mtls]" \
    >"$WORK_DIR/deploy/gateway-prod/kustomization.yaml"
  render "$WORK_DIR/deploy/gateway-prod" "$WORK_DIR/gateway-prod.yaml"
  gateway=(--gateway-render "dev=$WORK_DIR/gateway.yaml"
    --gateway-render "prod=$WORK_DIR/gateway-prod.yaml")
fi
node "$HERE/check_manifests.mjs" --deps "$DEPS" --readme "$K8S_DIR/README.md" \
  --check "namespace=$WORK_DIR/namespace.yaml" --check "dev=$WORK_DIR/dev.yaml" \
  --check "prod=$WORK_DIR/prod.yaml" "${flags[@]}" "${gateway[@]}" --self-test || status=1

# The command line path fails too: no NetworkPolicy of the render allows DNS any more.
sed 's/k8s-app: kube-dns/k8s-app: dns-anywhere/' "$WORK_DIR/dev.yaml" >"$WORK_DIR/dev-no-dns.yaml"
expect_rejected "$WORK_DIR/dev-no-dns.yaml" \
  "[dev] NetworkPolicy/customer-profile: spec.egress: no rule allowing DNS (kube-dns, 53/UDP+TCP)"

((status == 0)) || ccrm_die "the Kubernetes manifests have problems (lines starting with FAIL above)"
ccrm_log "deploy/k8s: namespace, dev and prod render and pass every check"
