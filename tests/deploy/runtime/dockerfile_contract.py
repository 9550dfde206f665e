#!/usr/bin/python3
"""Reads a service's Dockerfile, checks it against the shape every ccrm image must have, and prints
the runtime contract runtime_image_test.sh then runs the staged file set with.

Checks (each failure is printed as one line naming the file, the instruction and what is wrong):
  build stage   FROM debian:bookworm[@sha256:<digest>] AS build; COPY of deploy/local/packages.txt and
                RUN ["bash", "deploy/docker/install-build-packages.sh"] (the one package list);
                COPY . . (the repository root); RUN ["bash", "deploy/docker/build-service.sh",
                BUILD, SERVICE]; RUN ["bash", "deploy/docker/stage-runtime.sh",
                BUILD/services/SERVICE/SERVICE, services/SERVICE/migrations, OUT] as its last
                instruction
  runtime stage FROM debian:bookworm-slim[@sha256:<digest>]; exactly one COPY, --from=build OUT/ /;
                USER 65532:65532; EXPOSE exactly GRPC_PORT and METRICS_PORT; ENTRYPOINT in exec form
                [binary, --listen=0.0.0.0:GRPC_PORT, --metrics_listen=0.0.0.0:METRICS_PORT,
                --migrations_dir=<dir>]; WORKDIR set; STOPSIGNAL, when given, SIGTERM; nothing else
                but ENV and LABEL (anything more would put untested content or behaviour in the image)

On success prints, one per line and tab-separated: "workdir\tDIR", "user\tUID:GID",
"env\tNAME=VALUE" (each ENV of the runtime stage), "entrypoint\tARG" (each, in order),
"build_dir\tBUILD" and "stage_out\tOUT"; exits 0. Exits 1 after printing every problem found.

Usage: /usr/bin/python3 dockerfile_contract.py DOCKERFILE SERVICE GRPC_PORT METRICS_PORT
"""
import json
import re
import shlex
import sys

RUNTIME_UID_GID = "65532:65532"
BUILD_IMAGE = re.compile(r"^debian:bookworm(@sha256:[0-9a-f]{64})?$")
RUNTIME_IMAGE = re.compile(r"^debian:bookworm-slim(@sha256:[0-9a-f]{64})?$")
INSTALL_PACKAGES = ["bash", "deploy/docker/install-build-packages.sh"]
RUNTIME_ALLOWED = {"FROM", "COPY", "USER", "WORKDIR", "EXPOSE", "ENTRYPOINT", "ENV", "LABEL",
                   "STOPSIGNAL"}


def instructions(path):
    """Yields (line number, KEYWORD, arguments) with continuation lines joined, comments dropped."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    pending, start = "", 0
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        text = (pending + stripped).strip()
        pending = ""
        keyword, _, args = text.partition(" ")
        yield start, keyword.upper(), args.strip()
    if pending:
        yield start, "UNTERMINATED", pending


def exec_form(args):
    """The JSON exec form as a list of strings, or None."""
    if not args.startswith("["):
        return None
    try:
        value = json.loads(args)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return value


def env_pairs(args):
    """NAME=VALUE pairs of an ENV instruction (both the NAME=VALUE and the legacy NAME VALUE form)."""
    words = shlex.split(args)
    if words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    return [tuple(w.split("=", 1)) for w in words]


def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    path, service, grpc_port, metrics_port = argv[1:]
    problems = []

    def problem(line, message):
        problems.append(f"{path}:{line}: {message}")

    stages = []
    for line, keyword, args in instructions(path):
        if keyword == "FROM":
            stages.append([])
        elif not stages:
            problem(line, f"{keyword} before the first FROM")
            continue
        stages[-1].append((line, keyword, args))
    if len(stages) != 2:
        problem(0, f"expected 2 stages (build, runtime), found {len(stages)}")
        return report(problems)
    build, runtime = stages

    # --- build stage ---
    line, _, args = build[0]
    words = args.split()
    if len(words) != 3 or not BUILD_IMAGE.match(words[0]) or words[1].upper() != "AS" or \
            words[2] != "build":
        problem(line, f"build stage must be 'FROM debian:bookworm[@sha256:...] AS build', not '{args}'")
    runs = [(l, exec_form(a), a) for l, k, a in build if k == "RUN"]
    for l, form, a in runs:
        if form is None:
            problem(l, f"RUN must use the exec form [\"bash\", \"deploy/docker/...\"]: {a}")
    copies = [a.split() for _, k, a in build if k == "COPY"]
    if ["deploy/local/packages.txt", "deploy/local/packages.txt"] not in copies:
        problem(build[0][0], "build stage does not COPY deploy/local/packages.txt (the one list)")
    if [".", "."] not in copies:
        problem(build[0][0], "build stage does not COPY the repository root ('COPY . .')")
    forms = [f for _, f, _ in runs if f]
    if INSTALL_PACKAGES not in forms:
        problem(build[0][0], f"build stage does not RUN {json.dumps(INSTALL_PACKAGES)}")
    builds = [f for f in forms if f[:2] == ["bash", "deploy/docker/build-service.sh"]]
    stagings = [f for f in forms if f[:2] == ["bash", "deploy/docker/stage-runtime.sh"]]
    build_dir = out = None
    if len(builds) != 1 or len(builds[0]) != 4 or builds[0][3] != service:
        problem(build[0][0], "build stage must RUN deploy/docker/build-service.sh BUILD "
                f"{service} exactly once (only this service's target), found {builds}")
    else:
        build_dir = builds[0][2]
    expected_staging = None
    if build_dir:
        expected_staging = ["bash", "deploy/docker/stage-runtime.sh",
                            f"{build_dir}/services/{service}/{service}",
                            f"services/{service}/migrations"]
    if len(stagings) != 1 or len(stagings[0]) != 5 or \
            (expected_staging and stagings[0][:4] != expected_staging):
        problem(build[0][0], "build stage must RUN deploy/docker/stage-runtime.sh exactly once on "
                f"its own binary and migrations {expected_staging[2:] if expected_staging else ''}"
                f" OUT, found {stagings}")
    else:
        out = stagings[0][4].rstrip("/")
        if not out.startswith("/"):
            problem(build[0][0], f"stage-runtime.sh output must be an absolute path, not {out}")
        last_line, last_keyword, last_args = build[-1]
        if last_keyword != "RUN" or exec_form(last_args) != stagings[0]:
            problem(last_line, "stage-runtime.sh must be the build stage's last instruction: "
                    "anything after it could change the staged tree after it was staged")

    # --- runtime stage ---
    line, _, args = runtime[0]
    if not RUNTIME_IMAGE.match(args):
        problem(line, f"runtime stage must be 'FROM debian:bookworm-slim[@sha256:...]', not '{args}'")
    found = {}
    env = []
    for l, keyword, a in runtime[1:]:
        if keyword not in RUNTIME_ALLOWED or keyword == "FROM":
            problem(l, f"{keyword} is not allowed in the runtime stage: it would ship something "
                    "the runtime test does not run")
            continue
        if keyword == "ENV":
            env.extend(env_pairs(a))
            continue
        if keyword in found and keyword != "LABEL":
            problem(l, f"{keyword} appears more than once in the runtime stage")
        found[keyword] = (l, a)
    if "COPY" not in found or (out and found["COPY"][1].split() != ["--from=build", out + "/", "/"]):
        problem(found.get("COPY", (line,))[0],
                f"runtime stage must 'COPY --from=build {out}/ /' (the staged tree), "
                f"found '{found.get('COPY', (0, 'nothing'))[1]}'")
    if found.get("USER", (0, ""))[1] != RUNTIME_UID_GID:
        problem(found.get("USER", (line,))[0],
                f"runtime stage must run as 'USER {RUNTIME_UID_GID}', found "
                f"'{found.get('USER', (0, 'nothing'))[1]}'")
    exposed = sorted(p.split("/")[0] for p in found.get("EXPOSE", (0, ""))[1].split())
    if exposed != sorted([grpc_port, metrics_port]) or any(
            p.split("/")[1:] not in ([], ["tcp"]) for p in found.get("EXPOSE", (0, ""))[1].split()):
        problem(found.get("EXPOSE", (line,))[0],
                f"runtime stage must EXPOSE {grpc_port} {metrics_port} (TCP), found {exposed}")
    workdir = found.get("WORKDIR", (0, ""))[1]
    if not workdir.startswith("/"):
        problem(found.get("WORKDIR", (line,))[0], "runtime stage needs an absolute WORKDIR")
    if "STOPSIGNAL" in found and found["STOPSIGNAL"][1] not in ("SIGTERM", "15"):
        problem(found["STOPSIGNAL"][0], "STOPSIGNAL must be SIGTERM (the services drain on it)")
    entrypoint = exec_form(found.get("ENTRYPOINT", (0, ""))[1])
    want = [f"--listen=0.0.0.0:{grpc_port}", f"--metrics_listen=0.0.0.0:{metrics_port}"]
    if entrypoint is None or len(entrypoint) != 4 or not entrypoint[0].startswith("/") or \
            entrypoint[1:3] != want or not entrypoint[3].startswith("--migrations_dir=/"):
        problem(found.get("ENTRYPOINT", (line,))[0],
                "runtime stage must have ENTRYPOINT [\"/path/to/binary\", "
                f"\"{want[0]}\", \"{want[1]}\", \"--migrations_dir=/path/in/image\"], found "
                f"{found.get('ENTRYPOINT', (0, 'nothing'))[1]}")
    elif entrypoint[0].rsplit("/", 1)[-1] != service:
        problem(found["ENTRYPOINT"][0], f"ENTRYPOINT runs {entrypoint[0]}, not the {service} binary")
    for name, value in env:
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) or "\n" in value or "\t" in value:
            problem(line, f"ENV {name} is not a plain NAME=VALUE")

    if problems:
        return report(problems)
    print(f"workdir\t{workdir}")
    print(f"user\t{RUNTIME_UID_GID}")
    for name, value in env:
        print(f"env\t{name}={value}")
    for arg in entrypoint:
        print(f"entrypoint\t{arg}")
    print(f"build_dir\t{build_dir}")
    print(f"stage_out\t{out}")
    return 0


def report(problems):
    for p in problems:
        print(p, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
