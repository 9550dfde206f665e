#!/usr/bin/python3
"""Probes a running ccrm service the way Kubernetes and Prometheus reach a pod: calls
grpc.health.v1.Health/Check with an empty service name (what a kubelet's native gRPC probe sends)
over plaintext TCP and requires SERVING, then fetches /metrics from the metrics port and requires
Prometheus text holding the database pool gauge every service exports. The messages are handled as
raw bytes, so no generated stubs are needed: the request HealthCheckRequest{service: ""} is empty
and the reply HealthCheckResponse{status: SERVING} is field 1 = 1, the bytes 08 01.

Exits 0 when both answer as expected; otherwise prints what was wrong and exits 1.

Usage: /usr/bin/python3 probe_service.py GRPC_TARGET METRICS_URL
  e.g. /usr/bin/python3 probe_service.py 127.0.0.1:41234 http://127.0.0.1:41235/metrics
(Debian's /usr/bin/python3 with python3-grpcio.)
"""
import sys
import urllib.request

import grpc

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
SERVING_REPLY = b"\x08\x01"
STATUS_NAMES = {b"": "UNKNOWN", b"\x08\x01": "SERVING", b"\x08\x02": "NOT_SERVING",
                b"\x08\x03": "SERVICE_UNKNOWN"}
POOL_GAUGE = "ccrm_db_pool_sessions"
TIMEOUT_SECONDS = 5


def check_health(target):
    with grpc.insecure_channel(target) as channel:
        check = channel.unary_unary(HEALTH_CHECK)  # no (de)serializers: bytes in, bytes out
        try:
            reply = check(b"", timeout=TIMEOUT_SECONDS, wait_for_ready=True)
        except grpc.RpcError as e:
            return f"{HEALTH_CHECK} on {target} failed: {e.code().name}: {e.details()}"
    if reply != SERVING_REPLY:
        return (f"{HEALTH_CHECK} on {target} answered {STATUS_NAMES.get(reply, reply.hex())}, "
                "expected SERVING")
    return None


def check_metrics(url):
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
            content_type = response.headers.get("Content-Type", "")
            body = response.read().decode("utf-8", "replace")
    except OSError as e:
        return f"GET {url} failed: {e}"
    if status != 200 or not content_type.startswith("text/plain"):
        return f"GET {url} answered {status} {content_type!r}, expected 200 text/plain"
    if f"# TYPE {POOL_GAUGE} " not in body:
        return f"GET {url} has no {POOL_GAUGE} metric; first lines: {body[:300]!r}"
    return None


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    problems = [p for p in (check_health(argv[1]), check_metrics(argv[2])) if p]
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
