#!/usr/bin/python3
"""Proves a running ccrm API gateway routes what it should and nothing else, with real gRPC calls
over TLS (raw protobuf bytes, so no generated stubs are needed):

  - one cheap call per service reaches that service with the caller's token and request id
    (ListCustomers, ListScorecardModels, ListRelationshipManagers, ListRules: status OK, and the
    service echoes the x-request-id the client sent);
  - without a token the service itself answers UNAUTHENTICATED (the gateway passes calls through
    and leaves authentication to the services);
  - the alert watch (a server stream) reaches risk-warning: an invalid request gets risk-warning's
    INVALID_ARGUMENT, a valid one stays open until the client's deadline;
  - the event feed (ccrm.common.v1.EventFeed/StreamEvents), health, reflection, unknown services
    and paths nginx would have to normalise are answered UNIMPLEMENTED by the gateway;
  - a request of exactly 4 MiB reaches customer-profile, one byte more is refused by the gateway
    with RESOURCE_EXHAUSTED;
  - with --access-log: every call above is logged as JSON with its request id and gRPC status,
    and --keepalive-calls calls share one HTTP/2 connection (nginx's default keepalive_requests
    of 1000 would have closed it).

Each failed check prints what was expected and what happened; the exit status is 1 if any failed.

Usage: /usr/bin/python3 deploy/gateway/smoke_check.py --target 127.0.0.1:8080 \\
         --ca-file .local/secrets/gateway-ca.crt --token-file .local/secrets/demo-admin.token \\
         [--server-name localhost] [--access-log .local/logs/api-gateway.access.log] \\
         [--keepalive-calls 1100]
(Debian's /usr/bin/python3 has grpcio; a pyenv python3 on the PATH may not.)
"""
import argparse
import json
import sys
import time
import uuid

import grpc

# The gateway's own answers (deploy/gateway/routes.conf).
NOT_EXPOSED = "ccrm-gateway: method not exposed"
TOO_LARGE = "ccrm-gateway: request larger than the 4 MiB message limit"
# The services' --max_message_bytes default, and the largest request the gateway forwards.
MAX_MESSAGE_BYTES = 4 * 1024 * 1024

# One cheap read per service: (service, method path, request bytes). page_size = 1 is field 1.
ROUTED_CALLS = [
    ("customer-profile", "/ccrm.customer.v1.CustomerProfile/ListCustomers", b"\x08\x01"),
    ("credit-rating", "/ccrm.rating.v1.CreditRating/ListScorecardModels", b"\x08\x01"),
    ("relationship-service", "/ccrm.relationship.v1.RelationshipService/ListRelationshipManagers",
     b"\x08\x01"),
    ("risk-warning", "/ccrm.risk.v1.RiskWarning/ListRules", b""),
]

WATCH_ALERTS = "/ccrm.risk.v1.RiskWarning/WatchAlerts"

# Paths that must never reach a service: (description, path, server-streaming?).
NOT_EXPOSED_CALLS = [
    ("customer-profile's event feed", "/ccrm.common.v1.EventFeed/StreamEvents", True),
    ("health", "/grpc.health.v1.Health/Check", False),
    ("reflection", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", True),
    ("an unknown service", "/ccrm.internal.v1.Admin/Drop", False),
    ("a service name without a method", "/ccrm.customer.v1.CustomerProfile/", False),
    ("a dot-segment path into the event feed",
     "/ccrm.customer.v1.CustomerProfile/../ccrm.common.v1.EventFeed/StreamEvents", True),
    ("a percent-encoded method name", "/ccrm.customer.v1.CustomerProfile/List%43ustomers", False),
]


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def padded_message(prefix, total_size):
    """prefix (a serialized message) plus an unknown length-delimited field 1000 such that the
    result is exactly total_size bytes. Servers keep unknown fields and otherwise ignore them."""
    tag = varint((1000 << 3) | 2)
    for length_bytes in range(1, 6):
        payload = total_size - len(prefix) - len(tag) - length_bytes
        if payload >= 0 and len(varint(payload)) == length_bytes:
            return prefix + tag + varint(payload) + b"\x00" * payload
    raise ValueError("cannot pad to %d bytes" % total_size)


class Gateway:
    """A TLS channel to the gateway and raw-bytes calls through it."""

    def __init__(self, target, ca_file, server_name=None, token=None):
        with open(ca_file, "rb") as f:
            credentials = grpc.ssl_channel_credentials(root_certificates=f.read())
        options = [("grpc.max_receive_message_length", 16 * 1024 * 1024)]
        if server_name:
            options.append(("grpc.ssl_target_name_override", server_name))
        self.channel = grpc.secure_channel(target, credentials, options=options)
        self.token = token

    def close(self):
        self.channel.close()

    def metadata(self, request_id=None, token=True):
        md = []
        if token and self.token:
            md.append(("authorization", "Bearer " + self.token))
        if request_id:
            md.append(("x-request-id", request_id))
        return md

    def unary(self, path, request, request_id=None, token=True, timeout=10):
        """Returns (code, details, initial metadata dict, response bytes or None)."""
        call = self.channel.unary_unary(path)
        try:
            response, rpc = call.with_call(request, metadata=self.metadata(request_id, token),
                                           timeout=timeout)
            return grpc.StatusCode.OK, "", dict(rpc.initial_metadata() or ()), response
        except grpc.RpcError as e:
            return e.code(), e.details() or "", dict(e.initial_metadata() or ()), None

    def server_stream(self, path, request, request_id=None, timeout=10, max_messages=None):
        """Reads a server stream until it ends, the deadline passes or max_messages arrived.
        Returns (code, details, messages received); code is None when max_messages stopped it."""
        call = self.channel.unary_stream(path)
        stream = call(request, metadata=self.metadata(request_id), timeout=timeout)
        messages = []
        try:
            for message in stream:
                messages.append(message)
                if max_messages is not None and len(messages) >= max_messages:
                    stream.cancel()
                    return None, "", messages
            return grpc.StatusCode.OK, "", messages
        except grpc.RpcError as e:
            return e.code(), e.details() or "", messages


class Checks:
    def __init__(self):
        self.failures = []
        self.passed = 0

    def expect(self, condition, what, detail=""):
        if condition:
            self.passed += 1
            print("ok    %s" % what)
        else:
            self.failures.append(what)
            print("FAIL  %s%s" % (what, (": " + detail) if detail else ""))

    def done(self):
        print("%d checks passed, %d failed" % (self.passed, len(self.failures)))
        return 0 if not self.failures else 1


def new_request_id(tag):
    return "smoke-%s-%s" % (tag, uuid.uuid4().hex[:12])


def check_routes(gw, checks, logged):
    for service, path, request in ROUTED_CALLS:
        request_id = new_request_id(service)
        code, details, metadata, _ = gw.unary(path, request, request_id)
        checks.expect(code == grpc.StatusCode.OK, "%s %s through the gateway" % (service, path),
                      "got %s %r" % (code.name, details))
        checks.expect(metadata.get("x-request-id") == request_id,
                      "%s echoed the request id the client sent" % service,
                      "initial metadata x-request-id = %r" % metadata.get("x-request-id"))
        logged.append((request_id, path, service, "0"))

    request_id = new_request_id("no-token")
    path = ROUTED_CALLS[0][1]
    code, details, metadata, _ = gw.unary(path, b"\x08\x01", request_id, token=False)
    checks.expect(code == grpc.StatusCode.UNAUTHENTICATED and
                  not details.startswith("ccrm-gateway"),
                  "without a token customer-profile itself answers UNAUTHENTICATED",
                  "got %s %r" % (code.name, details))
    logged.append((request_id, path, "customer-profile", "16"))


def check_watch(gw, checks, logged, watch_seconds):
    request_id = new_request_id("watch-invalid")
    # WatchAlertsRequest{min_level: 99}: not a known alert level.
    code, details, _ = gw.server_stream(WATCH_ALERTS, b"\x10\x63", request_id, timeout=10)
    checks.expect(code == grpc.StatusCode.INVALID_ARGUMENT,
                  "WatchAlerts with an invalid level reaches risk-warning (INVALID_ARGUMENT)",
                  "got %s %r" % (code.name if code else None, details))
    logged.append((request_id, WATCH_ALERTS, "risk-warning", "3"))

    request_id = new_request_id("watch")
    started = time.monotonic()
    code, details, messages = gw.server_stream(WATCH_ALERTS, b"", request_id,
                                               timeout=watch_seconds, max_messages=1)
    elapsed = time.monotonic() - started
    if code is None:
        checks.expect(True, "WatchAlerts streamed an alert update through the gateway")
    else:
        # A quiet portfolio: the stream must stay open until the client's own deadline.
        checks.expect(code == grpc.StatusCode.DEADLINE_EXCEEDED and elapsed >= watch_seconds - 0.5,
                      "WatchAlerts stayed open for the client's %.0f s deadline" % watch_seconds,
                      "ended after %.1f s with %s %r" % (elapsed, code.name, details))


def check_not_exposed(gw, checks, logged):
    for what, path, streaming in NOT_EXPOSED_CALLS:
        request_id = new_request_id("hidden")
        if streaming:
            code, details, messages = gw.server_stream(path, b"", request_id, timeout=10)
        else:
            code, details, _, _ = gw.unary(path, b"", request_id)
        checks.expect(code == grpc.StatusCode.UNIMPLEMENTED and details == NOT_EXPOSED,
                      "%s is not exposed (%s)" % (what, path),
                      "got %s %r" % (code.name if code else None, details))
        logged.append((request_id, None, "", "12"))


def check_size_limit(gw, checks, logged):
    path = ROUTED_CALLS[0][1]
    request_id = new_request_id("max-size")
    code, details, _, _ = gw.unary(path, padded_message(b"\x08\x01", MAX_MESSAGE_BYTES),
                                   request_id, timeout=30)
    checks.expect(code == grpc.StatusCode.OK,
                  "a %d-byte request reaches customer-profile" % MAX_MESSAGE_BYTES,
                  "got %s %r" % (code.name, details))
    logged.append((request_id, path, "customer-profile", "0"))

    request_id = new_request_id("too-large")
    code, details, _, _ = gw.unary(path, padded_message(b"\x08\x01", MAX_MESSAGE_BYTES + 1),
                                   request_id, timeout=30)
    checks.expect(code == grpc.StatusCode.RESOURCE_EXHAUSTED and details == TOO_LARGE,
                  "a %d-byte request is refused by the gateway" % (MAX_MESSAGE_BYTES + 1),
                  "got %s %r" % (code.name, details))
    logged.append((request_id, path, "customer-profile", "8"))


def keepalive_calls(gw, count):
    """count calls the gateway answers itself, on gw's one connection; their request ids."""
    ids = []
    call = gw.channel.unary_unary("/ccrm.gateway.v1.Keepalive/Probe")
    for i in range(count):
        request_id = new_request_id("keepalive-%d" % i)
        ids.append(request_id)
        try:
            call(b"", metadata=gw.metadata(request_id, token=False), timeout=10)
        except grpc.RpcError:
            pass
    return ids


def read_access_log(path, request_ids, wait_seconds=5):
    """The JSON entries of path whose request_id is in request_ids (waits for nginx to write)."""
    wanted = set(request_ids)
    deadline = time.monotonic() + wait_seconds
    while True:
        entries = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("request_id") in wanted:
                    entries[entry["request_id"]] = entry
        if len(entries) == len(wanted) or time.monotonic() >= deadline:
            return entries
        time.sleep(0.2)


def check_access_log(path, checks, logged):
    entries = read_access_log(path, [request_id for request_id, _, _, _ in logged])
    for request_id, method, service, grpc_status in logged:
        entry = entries.get(request_id)
        if entry is None:
            checks.expect(False, "access log has %s" % request_id, "no JSON line with it")
            continue
        problems = []
        if entry.get("grpc_status") != grpc_status:
            problems.append("grpc_status %r, expected %r" % (entry.get("grpc_status"), grpc_status))
        if entry.get("service") != service:
            problems.append("service %r, expected %r" % (entry.get("service"), service))
        if method is not None and entry.get("method") != method:
            problems.append("method %r, expected %r" % (entry.get("method"), method))
        checks.expect(not problems, "access log: %s logged with grpc_status %s" %
                      (request_id, grpc_status), "; ".join(problems))


def check_keepalive(gw, checks, access_log, count):
    ids = keepalive_calls(gw, count)
    entries = read_access_log(access_log, ids)
    connections = {entries[i]["connection"] for i in ids if i in entries}
    most = max((int(e["connection_requests"]) for e in entries.values()), default=0)
    checks.expect(len(entries) == count and len(connections) == 1 and most >= count,
                  "%d calls shared one HTTP/2 connection (keepalive_requests above 1000)" % count,
                  "%d logged, %d connection(s), at most %d requests on one" %
                  (len(entries), len(connections), most))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", default="127.0.0.1:8080")
    parser.add_argument("--ca-file", required=True, help="CA that signed the gateway's certificate")
    parser.add_argument("--token-file", required=True, help="a JWT the services accept")
    parser.add_argument("--server-name", help="TLS name to verify instead of the target's host")
    parser.add_argument("--access-log", help="the gateway's JSON access log, to check it too")
    parser.add_argument("--keepalive-calls", type=int, default=1100,
                        help="calls on one connection for the keepalive check (needs --access-log)")
    parser.add_argument("--watch-seconds", type=float, default=3.0,
                        help="how long a quiet alert watch must stay open")
    args = parser.parse_args()

    with open(args.token_file, encoding="utf-8") as f:
        token = f.read().strip()
    checks = Checks()
    logged = []
    gw = Gateway(args.target, args.ca_file, args.server_name, token)
    try:
        try:
            grpc.channel_ready_future(gw.channel).result(timeout=10)
        except grpc.FutureTimeoutError:
            print("FAIL  no TLS/HTTP/2 connection to the gateway at %s within 10 s" % args.target)
            return 1
        check_routes(gw, checks, logged)
        check_watch(gw, checks, logged, args.watch_seconds)
        check_not_exposed(gw, checks, logged)
        check_size_limit(gw, checks, logged)
        if args.access_log:
            check_access_log(args.access_log, checks, logged)
            check_keepalive(gw, checks, args.access_log, args.keepalive_calls)
    finally:
        gw.close()
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
