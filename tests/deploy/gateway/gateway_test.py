#!/usr/bin/python3
"""Tests the API gateway configuration (deploy/gateway) with a real nginx in front of four fake
gRPC services, no database and no ccrm binaries needed:

  - each public service's methods reach that service and no other, with the caller's
    authorization header untouched and the request id (the client's when valid, else nginx's);
  - the event feed, health, reflection, unknown services and non-canonical paths are answered
    UNIMPLEMENTED by the gateway and never reach a service;
  - a 4 MiB message passes, 4 MiB + 1 byte is refused with RESOURCE_EXHAUSTED;
  - a server stream (WatchAlerts) is relayed message by message;
  - a service that is down gives UNAVAILABLE; a service's error status passes through;
  - the JSON access log has the request id, service and gRPC status of every call, and 1100 calls
    share one client connection (keepalive_requests);
  - TLS to the services with a client certificate (mTLS) works, and is refused by a service
    when the gateway presents none;
  - the rendered configuration passes `nginx -t` as an unprivileged user.

Usage: /usr/bin/python3 tests/deploy/gateway/gateway_test.py
Environment: CCRM_REPO_ROOT (default: three levels up), CCRM_NGINX (default: nginx on the PATH).
Needs nginx, openssl and Debian's python3-grpcio. Exit status 1 when a check fails.
"""
import concurrent.futures
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import grpc

REPO = os.environ.get("CCRM_REPO_ROOT") or os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GATEWAY_DIR = os.path.join(REPO, "deploy", "gateway")
sys.path.insert(0, GATEWAY_DIR)
import smoke_check as sc  # noqa: E402  (deploy/gateway/smoke_check.py)

SERVICES = ["customer-profile", "credit-rating", "relationship-service", "risk-warning"]
# A method of each public service, as clients call it.
METHOD_OF = {
    "customer-profile": "/ccrm.customer.v1.CustomerProfile/ListCustomers",
    "credit-rating": "/ccrm.rating.v1.CreditRating/ListScorecardModels",
    "relationship-service": "/ccrm.relationship.v1.RelationshipService/ListRelationshipManagers",
    "risk-warning": "/ccrm.risk.v1.RiskWarning/ListRules",
}
# The fake customer-profile answers this one NOT_FOUND (a trailers-only error response).
NOT_FOUND_METHOD = "/ccrm.customer.v1.CustomerProfile/GetCustomer"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl"


def nginx_binary():
    return os.environ.get("CCRM_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"


class FakeService(grpc.GenericRpcHandler):
    """A gRPC server answering every method with a JSON description of what it received."""

    def __init__(self, name, tls=None):
        self.name = name
        self.calls = []
        self.lock = threading.Lock()
        self.server = grpc.server(
            concurrent.futures.ThreadPoolExecutor(max_workers=8),
            options=[("grpc.max_receive_message_length", sc.MAX_MESSAGE_BYTES)])
        self.server.add_generic_rpc_handlers((self,))
        if tls:
            credentials = grpc.ssl_server_credentials(
                [(tls["key"], tls["cert"])], root_certificates=tls["ca"],
                require_client_auth=True)
            self.port = self.server.add_secure_port("localhost:0", credentials)
        else:
            self.port = self.server.add_insecure_port("127.0.0.1:0")
        self.server.start()

    def stop(self):
        self.server.stop(grace=None).wait()

    def received(self):
        with self.lock:
            return list(self.calls)

    def _record(self, method, request, context):
        metadata = dict(context.invocation_metadata())
        entry = {"service": self.name, "method": method, "request_bytes": len(request),
                 "authorization": metadata.get("authorization"),
                 "request_id": metadata.get("x-request-id")}
        with self.lock:
            self.calls.append(entry)
        context.send_initial_metadata((("x-request-id", entry["request_id"] or ""),))
        return entry

    def service(self, handler_call_details):
        method = handler_call_details.method
        if method == "/ccrm.risk.v1.RiskWarning/WatchAlerts":
            def stream(request, context):
                entry = self._record(method, request, context)
                for i in range(3):
                    yield json.dumps(dict(entry, update=i)).encode()
            return grpc.unary_stream_rpc_method_handler(stream)

        def unary(request, context):
            entry = self._record(method, request, context)
            if method == NOT_FOUND_METHOD:
                context.abort(grpc.StatusCode.NOT_FOUND, "customer not found")
            return json.dumps(entry).encode()
        return grpc.unary_unary_rpc_method_handler(unary)


def run(command, **kwargs):
    return subprocess.run(command, check=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kwargs)


def make_certificates(directory):
    """A CA, the gateway's server certificate (127.0.0.1, localhost), a service certificate
    (localhost) and the gateway's client certificate; returns their paths."""
    paths = {name: os.path.join(directory, name) for name in [
        "ca.key", "ca.crt", "gateway.key", "gateway.crt", "service.key", "service.crt",
        "client.key", "client.crt"]}
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    run(["openssl", "req", "-x509"] + ec + ["-keyout", paths["ca.key"], "-out", paths["ca.crt"],
        "-days", "2", "-subj", "/CN=ccrm gateway test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    for name, san, usage in [("gateway", "IP:127.0.0.1,DNS:localhost", "serverAuth"),
                             ("service", "DNS:localhost", "serverAuth"),
                             ("client", "DNS:api-gateway", "clientAuth")]:
        csr = os.path.join(directory, name + ".csr")
        ext = os.path.join(directory, name + ".ext")
        with open(ext, "w") as f:
            f.write("subjectAltName=%s\nextendedKeyUsage=%s\n"
                    "keyUsage=critical,digitalSignature\nbasicConstraints=CA:FALSE\n"
                    % (san, usage))
        run(["openssl", "req", "-new"] + ec + ["-keyout", paths[name + ".key"], "-out", csr,
            "-subj", "/CN=" + name])
        run(["openssl", "x509", "-req", "-in", csr, "-CA", paths["ca.crt"],
             "-CAkey", paths["ca.key"], "-CAcreateserial", "-days", "2", "-extfile", ext,
             "-out", paths[name + ".crt"]])
    for path in paths.values():
        os.chmod(path, 0o644)
    return paths


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gateway:
    """One rendered configuration and the nginx running it."""

    def __init__(self, root, name, certs, upstreams, upstream_tls=None):
        self.dir = os.path.join(root, name)
        self.conf = os.path.join(self.dir, "conf")
        self.state = os.path.join(self.dir, "state")
        self.access_log = os.path.join(self.dir, "access.log")
        self.error_log = os.path.join(self.dir, "error.log")
        self.port = free_port()
        self.target = "127.0.0.1:%d" % self.port
        command = [os.path.join(GATEWAY_DIR, "render.sh"), "--out", self.conf,
                   "--environment", "test", "--listen", self.target,
                   "--tls-cert", certs["gateway.crt"], "--tls-key", certs["gateway.key"],
                   "--state-dir", self.state, "--access-log", self.access_log,
                   "--error-log", self.error_log]
        for service, address in upstreams.items():
            command += ["--upstream", "%s=%s" % (service, address)]
        if upstream_tls:
            command += ["--upstream-ca", certs["ca.crt"]]
            if upstream_tls == "mtls":
                command += ["--upstream-cert", certs["client.crt"],
                            "--upstream-key", certs["client.key"]]
        run(command)
        self.process = subprocess.Popen(
            [nginx_binary(), "-e", self.error_log, "-c", os.path.join(self.conf, "nginx.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_listening()

    def _wait_listening(self):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("nginx exited with %s; %s" % (self.process.returncode,
                                                                 self.errors()))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("nginx did not listen on %s within 10 s" % self.target)

    def errors(self):
        try:
            with open(self.error_log) as f:
                return f.read()[-2000:]
        except OSError:
            return "(no error log)"

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def client(gateway, certs, token=TOKEN):
    return sc.Gateway(gateway.target, certs["ca.crt"], token=token)


def check_routing(gw, fakes, checks, logged):
    for service in SERVICES:
        before = {name: len(fake.received()) for name, fake in fakes.items()}
        request_id = sc.new_request_id(service)
        code, details, metadata, response = gw.unary(METHOD_OF[service], b"\x08\x01", request_id)
        body = json.loads(response) if response else {}
        checks.expect(code == grpc.StatusCode.OK and body.get("service") == service,
                      "%s reaches %s" % (METHOD_OF[service], service),
                      "got %s %r, answered by %r" % (code.name, details, body.get("service")))
        others = [name for name, fake in fakes.items()
                  if name != service and len(fake.received()) != before[name]]
        checks.expect(not others, "%s reaches no other service" % METHOD_OF[service],
                      "also reached %s" % others)
        checks.expect(body.get("authorization") == "Bearer " + TOKEN,
                      "%s received the authorization header unchanged" % service,
                      "received %r" % body.get("authorization"))
        checks.expect(body.get("request_id") == request_id and
                      metadata.get("x-request-id") == request_id,
                      "%s received and echoed the client's request id" % service,
                      "received %r, echoed %r" % (body.get("request_id"),
                                                  metadata.get("x-request-id")))
        logged.append((request_id, METHOD_OF[service], service, "0"))

    # Every method of a public service is routed, streaming or not, long-running or not.
    for method, service in [("/ccrm.risk.v1.RiskWarning/RunPortfolioScan", "risk-warning"),
                            ("/ccrm.customer.v1.CustomerProfile/CreateCustomer",
                             "customer-profile")]:
        code, details, _, response = gw.unary(method, b"")
        body = json.loads(response) if response else {}
        checks.expect(code == grpc.StatusCode.OK and body.get("method") == method,
                      "%s reaches %s" % (method, service), "got %s %r" % (code.name, details))

    code, details, messages = gw.server_stream("/ccrm.risk.v1.RiskWarning/WatchAlerts", b"")
    updates = [json.loads(m).get("update") for m in messages]
    checks.expect(code == grpc.StatusCode.OK and updates == [0, 1, 2],
                  "WatchAlerts relays the stream of risk-warning message by message",
                  "got %s %r, updates %r" % (code.name, details, updates))

    # An unacceptable client request id is replaced by one of nginx's (32 hex digits).
    code, _, metadata, response = gw.unary(METHOD_OF["credit-rating"], b"", "bad id with spaces")
    received = (json.loads(response) if response else {}).get("request_id") or ""
    checks.expect(len(received) == 32 and all(c in "0123456789abcdef" for c in received),
                  "an invalid x-request-id is replaced by the gateway's own",
                  "service received %r" % received)
    logged.append((received, METHOD_OF["credit-rating"], "credit-rating", "0"))

    request_id = sc.new_request_id("not-found")
    code, details, _, _ = gw.unary(NOT_FOUND_METHOD, b"", request_id)
    checks.expect(code == grpc.StatusCode.NOT_FOUND and details == "customer not found",
                  "a service's error status and message pass through",
                  "got %s %r" % (code.name, details))
    logged.append((request_id, NOT_FOUND_METHOD, "customer-profile", "5"))


def check_not_exposed(gw, fakes, checks, logged):
    before = sum(len(fake.received()) for fake in fakes.values())
    sc.check_not_exposed(gw, checks, logged)
    code, details, _, _ = gw.unary("/ccrm.common.v1.EventFeed/StreamEvents", b"")
    checks.expect(code == grpc.StatusCode.UNIMPLEMENTED and details == sc.NOT_EXPOSED,
                  "the event feed called as a unary method is not exposed either",
                  "got %s %r" % (code.name, details))
    after = sum(len(fake.received()) for fake in fakes.values())
    checks.expect(after == before, "no call that is not exposed reached a service",
                  "%d reached one" % (after - before))


def check_size_limit(gw, fakes, checks, logged):
    method = METHOD_OF["customer-profile"]
    request_id = sc.new_request_id("max-size")
    code, details, _, response = gw.unary(
        method, sc.padded_message(b"\x08\x01", sc.MAX_MESSAGE_BYTES), request_id, timeout=30)
    size = (json.loads(response) if response else {}).get("request_bytes")
    checks.expect(code == grpc.StatusCode.OK and size == sc.MAX_MESSAGE_BYTES,
                  "a 4 MiB message reaches the service whole",
                  "got %s %r, service saw %r bytes" % (code.name, details, size))
    logged.append((request_id, method, "customer-profile", "0"))

    count = len(fakes["customer-profile"].received())
    request_id = sc.new_request_id("too-large")
    code, details, _, _ = gw.unary(
        method, sc.padded_message(b"\x08\x01", sc.MAX_MESSAGE_BYTES + 1), request_id,
        timeout=30)
    checks.expect(code == grpc.StatusCode.RESOURCE_EXHAUSTED and details == sc.TOO_LARGE,
                  "4 MiB + 1 byte is refused with RESOURCE_EXHAUSTED",
                  "got %s %r" % (code.name, details))
    checks.expect(len(fakes["customer-profile"].received()) == count,
                  "the refused message never reached the service")
    logged.append((request_id, method, "customer-profile", "8"))


def check_service_down(gw, fakes, checks, logged):
    fakes["relationship-service"].stop()
    request_id = sc.new_request_id("down")
    method = METHOD_OF["relationship-service"]
    code, details, _, _ = gw.unary(method, b"", request_id)
    checks.expect(code == grpc.StatusCode.UNAVAILABLE and
                  details == "ccrm-gateway: service unavailable",
                  "a service that is down gives UNAVAILABLE", "got %s %r" % (code.name, details))
    logged.append((request_id, method, "relationship-service", "14"))


def check_upstream_tls(root, certs, checks):
    tls = {"key": open(certs["service.key"], "rb").read(),
           "cert": open(certs["service.crt"], "rb").read(),
           "ca": open(certs["ca.crt"], "rb").read()}
    fakes = {name: FakeService(name, tls) for name in SERVICES}
    upstreams = {name: "localhost:%d" % fake.port for name, fake in fakes.items()}
    gateways = []
    try:
        mtls = Gateway(root, "mtls", certs, upstreams, upstream_tls="mtls")
        gateways.append(mtls)
        gw = client(mtls, certs)
        for service in SERVICES:
            code, details, _, response = gw.unary(METHOD_OF[service], b"")
            body = json.loads(response) if response else {}
            checks.expect(code == grpc.StatusCode.OK and body.get("service") == service,
                          "over mTLS, %s reaches %s" % (METHOD_OF[service], service),
                          "got %s %r; nginx: %s" % (code.name, details, mtls.errors()[-300:]))
        gw.close()

        no_cert = Gateway(root, "tls-no-client-cert", certs, upstreams, upstream_tls="tls")
        gateways.append(no_cert)
        gw = client(no_cert, certs)
        code, details, _, _ = gw.unary(METHOD_OF["customer-profile"], b"")
        checks.expect(code == grpc.StatusCode.UNAVAILABLE,
                      "a service requiring client certificates refuses a gateway without one",
                      "got %s %r" % (code.name, details))
        gw.close()
    finally:
        for gateway in gateways:
            gateway.stop()
        for fake in fakes.values():
            fake.stop()


def check_unprivileged_nginx_t(root, certs, checks):
    """nginx -t as 'nobody' on a configuration whose every path is that user's."""
    if os.geteuid() != 0:
        gateway_dir = os.path.join(root, "unprivileged")
        user_prefix = []
    else:
        gateway_dir = tempfile.mkdtemp(prefix="ccrm-gw-nobody-")
        os.chmod(gateway_dir, 0o755)
        user_prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    try:
        cert = os.path.join(gateway_dir, "gateway.crt")
        key = os.path.join(gateway_dir, "gateway.key")
        shutil.copy(certs["gateway.crt"], cert)
        shutil.copy(certs["gateway.key"], key)
        state = os.path.join(gateway_dir, "state")
        conf = os.path.join(gateway_dir, "conf")
        command = [os.path.join(GATEWAY_DIR, "render.sh"), "--out", conf, "--no-test",
                   "--environment", "unprivileged", "--listen", "127.0.0.1:%d" % free_port(),
                   "--tls-cert", cert, "--tls-key", key, "--state-dir", state,
                   "--access-log", os.path.join(gateway_dir, "access.log"),
                   "--error-log", os.path.join(gateway_dir, "error.log")]
        for service in SERVICES:
            command += ["--upstream", "%s=127.0.0.1:%d" % (service, free_port())]
        run(command)
        if user_prefix:
            run(["chown", "-R", "nobody:nogroup", gateway_dir])
        result = subprocess.run(
            user_prefix + [nginx_binary(), "-t", "-e", "stderr", "-c",
                           os.path.join(conf, "nginx.conf")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        clean = result.returncode == 0 and "[warn]" not in result.stdout and \
            "[emerg]" not in result.stdout and "[alert]" not in result.stdout
        checks.expect(clean, "nginx -t passes without warnings as %s" %
                      ("nobody" if user_prefix else "this unprivileged user"), result.stdout)
    finally:
        if user_prefix:
            shutil.rmtree(gateway_dir, ignore_errors=True)


def main():
    checks = sc.Checks()
    root = tempfile.mkdtemp(prefix="ccrm-gateway-test-")
    fakes = {}
    gateway = None
    try:
        certs = make_certificates(root)
        fakes = {name: FakeService(name) for name in SERVICES}
        gateway = Gateway(root, "plain", certs,
                          {name: "127.0.0.1:%d" % fake.port for name, fake in fakes.items()})
        gw = client(gateway, certs)
        logged = []
        check_routing(gw, fakes, checks, logged)
        check_not_exposed(gw, fakes, checks, logged)
        check_size_limit(gw, fakes, checks, logged)
        check_service_down(gw, fakes, checks, logged)
        sc.check_access_log(gateway.access_log, checks, logged)
        sc.check_keepalive(gw, checks, gateway.access_log, 1100)
        gw.close()
        check_upstream_tls(root, certs, checks)
        check_unprivileged_nginx_t(root, certs, checks)
        errors = [line for line in gateway.errors().splitlines()
                  if "[emerg]" in line or "[alert]" in line or "[crit]" in line]
        checks.expect(not errors, "nginx logged no emerg/alert/crit lines", "\n".join(errors))
    except (RuntimeError, subprocess.CalledProcessError) as e:
        output = getattr(e, "output", "") or ""
        checks.expect(False, "test setup", "%s\n%s" % (e, output))
    finally:
        if gateway:
            gateway.stop()
        for fake in fakes.values():
            fake.stop()
        shutil.rmtree(root, ignore_errors=True)
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())
