#!/usr/bin/python3
"""Checks for tests/deploy/hosts/multi_host_test.sh, run from the client's network namespace.

  mtls TARGET CA_FILE CERT_FILE KEY_FILE FOREIGN_CERT FOREIGN_KEY
      Proves that the service at TARGET (an IP:port) takes nothing but mutual TLS, by calling
      grpc.health.v1.Health/Check (empty service name) four ways:
        - plaintext (h2c)                                   -> must be refused (UNAVAILABLE)
        - TLS verifying the server against CA_FILE, no client certificate
                                                            -> must be refused (UNAVAILABLE)
        - TLS with a client certificate from another CA (FOREIGN_CERT/FOREIGN_KEY)
                                                            -> must be refused (UNAVAILABLE)
        - TLS with CERT_FILE/KEY_FILE, signed by CA_FILE    -> must answer SERVING
      The server's certificate is checked for TARGET's IP address (its IP SAN), as the services'
      own peer channels check it. The last call also proves the address is reachable, so the
      refusals above are refusals, not an unreachable host.

  in-flight SECONDS METRICS_URL=COUNT...
      Proves each service's event consumers hold their streams open on the producers: waits up
      to SECONDS until the gauge ccrm_grpc_server_in_flight at every METRICS_URL equals its
      COUNT (the number of consumers following that producer, while nothing else calls it).

  access-log FILE ADDRESS...
      Proves the gateway forwarded calls to each ADDRESS (a service's IP:port in its namespace):
      FILE, the gateway's JSON access log, must hold at least one call with grpc_status 0 whose
      upstream is that ADDRESS.

The gRPC messages are raw bytes, so no generated stubs are needed: HealthCheckRequest{service: ""}
is empty and HealthCheckResponse{status: SERVING} is the bytes 08 01. Prints one line per check
(ok/FAIL with what happened); exits 1 when any check failed, 2 on bad usage.

Usage: /usr/bin/python3 tests/deploy/hosts/hosts_check.py mtls 10.77.3.11:50051 \\
         ca.crt probe.crt probe.key foreign.crt foreign.key
       /usr/bin/python3 tests/deploy/hosts/hosts_check.py in-flight 15 \\
         http://10.77.3.11:9151/metrics=2 http://10.77.3.12:9152/metrics=1
       /usr/bin/python3 tests/deploy/hosts/hosts_check.py access-log access.log 10.77.3.11:50051
(Debian's /usr/bin/python3 with python3-grpcio.)
"""
import json
import sys
import time
import urllib.request

import grpc

HEALTH_CHECK = "/grpc.health.v1.Health/Check"
IN_FLIGHT_GAUGE = "ccrm_grpc_server_in_flight"
SERVING_REPLY = b"\x08\x01"
TIMEOUT_SECONDS = 5


def read(path):
    with open(path, "rb") as f:
        return f.read()


def health_check(target, credentials):
    """(reply bytes or None, grpc.StatusCode or None, details) of one Health/Check call."""
    if credentials is None:
        channel = grpc.insecure_channel(target)
    else:
        channel = grpc.secure_channel(target, credentials)
    with channel:
        check = channel.unary_unary(HEALTH_CHECK)  # no (de)serializers: bytes in, bytes out
        try:
            return check(b"", timeout=TIMEOUT_SECONDS), None, ""
        except grpc.RpcError as e:
            return None, e.code(), e.details()


class Checks:
    def __init__(self):
        self.failed = 0

    def expect(self, ok, what, otherwise):
        if ok:
            print("ok    %s" % what)
        else:
            self.failed += 1
            print("FAIL  %s: %s" % (what, otherwise))


def describe(reply, code, details):
    if code is None:
        return "it answered %r" % reply
    return "%s: %s" % (code.name, details)


def check_mtls(checks, target, ca_file, cert_file, key_file, foreign_cert, foreign_key):
    ca = read(ca_file)
    refusals = [
        ("plaintext (h2c)", None,
         "the service answers plaintext: it is not serving TLS"),
        ("TLS without a client certificate", grpc.ssl_channel_credentials(root_certificates=ca),
         "the service accepts TLS clients without a certificate: mutual TLS is off"),
        ("TLS with a client certificate from another CA",
         grpc.ssl_channel_credentials(root_certificates=ca, private_key=read(foreign_key),
                                      certificate_chain=read(foreign_cert)),
         "the service accepts client certificates it should not trust"),
    ]
    for what, credentials, meaning in refusals:
        reply, code, details = health_check(target, credentials)
        checks.expect(code == grpc.StatusCode.UNAVAILABLE,
                      "%s %s is refused" % (target, what),
                      "%s (%s)" % (describe(reply, code, details),
                                   meaning if code is None else "expected UNAVAILABLE"))
    credentials = grpc.ssl_channel_credentials(root_certificates=ca, private_key=read(key_file),
                                               certificate_chain=read(cert_file))
    reply, code, details = health_check(target, credentials)
    checks.expect(code is None and reply == SERVING_REPLY,
                  "%s mutual TLS with a certificate from the suite's CA answers SERVING" % target,
                  describe(reply, code, details))


def in_flight(url):
    """The value of IN_FLIGHT_GAUGE at url, or an error message."""
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as response:
            body = response.read().decode("utf-8", "replace")
    except OSError as e:
        return "GET %s failed: %s" % (url, e)
    for line in body.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[0] == IN_FLIGHT_GAUGE:
            return int(float(fields[1]))
    return "%s has no %s sample" % (url, IN_FLIGHT_GAUGE)


def check_in_flight(checks, seconds, expectations):
    wanted = {}
    for expectation in expectations:
        url, _, count = expectation.rpartition("=")
        wanted[url] = int(count)
    deadline = time.monotonic() + float(seconds)
    while True:
        seen = {url: in_flight(url) for url in wanted}
        if seen == wanted or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    for url, count in wanted.items():
        checks.expect(seen[url] == count,
                      "%s: %s %d (the consumers following it)" % (url, IN_FLIGHT_GAUGE, count),
                      "%r after %s s" % (seen[url], seconds))


def check_access_log(checks, path, addresses):
    forwarded = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                checks.expect(False, "access log line %d is JSON" % number, line[:200])
                continue
            if entry.get("grpc_status") == "0":
                upstream = entry.get("upstream", "")
                forwarded[upstream] = forwarded.get(upstream, 0) + 1
    for address in addresses:
        checks.expect(forwarded.get(address, 0) > 0,
                      "the gateway forwarded %d successful call(s) to %s" %
                      (forwarded.get(address, 0), address),
                      "no call with grpc_status 0 went to %s; upstreams seen: %s" %
                      (address, sorted(forwarded) or "none"))


def main(argv):
    checks = Checks()
    if len(argv) == 8 and argv[1] == "mtls":
        check_mtls(checks, *argv[2:])
    elif len(argv) >= 4 and argv[1] == "in-flight":
        check_in_flight(checks, argv[2], argv[3:])
    elif len(argv) >= 4 and argv[1] == "access-log":
        check_access_log(checks, argv[2], argv[3:])
    else:
        print(__doc__[__doc__.index("Usage:"):].strip(), file=sys.stderr)
        return 2
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
