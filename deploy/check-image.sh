#!/usr/bin/env bash
# Checks the server's container image as `jib:buildTar` writes it (a docker-archive tar), without Docker:
# its configuration (entry point, an unprivileged user, the two ports, environment, volume, working folder),
# that every layer is the one the configuration names (sha256 of its uncompressed content), and that the
# layers hold a Java runtime, the application's class path and a /var/lib/renkei the user can write.
# With --run (root only: unshare and chroot), also unpacks the layers and runs `java -version` in them as the
# image's user, in a mount and process namespace of its own with /proc, as a container runtime would.
#
#   deploy/check-image.sh [--run] [server/target/jib-image.tar]
#
# Exit status 0 if every check passes; each failed check is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUN=
if [ "${1:-}" = --run ]; then RUN=1; shift; fi
IMAGE=${1:-server/target/jib-image.tar}
[ -f "$IMAGE" ] || { echo "no image tar at $IMAGE (build it: see docs/operations.md, Container image)" >&2; exit 1; }

python3 - "$IMAGE" "$RUN" <<'PY'
import gzip, hashlib, io, json, os, shutil, subprocess, sys, tarfile, tempfile

image, run = sys.argv[1], sys.argv[2] == "1"
failures = []

def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)

with tarfile.open(image) as outer:
    manifest = json.load(outer.extractfile("manifest.json"))
    check(len(manifest) == 1, "one image in the archive")
    m = manifest[0]
    check(any(t.startswith("renkei/server:") for t in m.get("RepoTags", [])), "tagged renkei/server:<version>: %s" % m.get("RepoTags"))
    config = json.load(outer.extractfile(m["Config"]))
    c = config.get("config", {})
    check(config.get("os") == "linux" and config.get("architecture") == "amd64", "linux/amd64")

    ep = c.get("Entrypoint") or []
    check(ep[:1] == ["java"] and ep[-1:] == ["jp.renkei.server.RenkeiApplication"], "entry point java … jp.renkei.server.RenkeiApplication: %s" % ep)
    check("-XX:MaxRAMPercentage=75" in ep, "heap sized from the container's memory (-XX:MaxRAMPercentage=75)")
    user = c.get("User", "")
    uid = user.split(":")[0]
    check(user != "" and uid not in ("0", "root"), "runs as an unprivileged user: %r" % user)
    check(set((c.get("ExposedPorts") or {}).keys()) == {"8080/tcp", "8081/tcp"}, "exposes 8080 and 8081 only: %s" % sorted((c.get("ExposedPorts") or {}).keys()))
    env = dict(e.split("=", 1) for e in c.get("Env", []))
    check(env.get("TZ") == "Asia/Tokyo", "TZ=Asia/Tokyo")
    check(env.get("RENKEI_EMBEDDED_DATA_DIR") == "/var/lib/renkei/data", "RENKEI_EMBEDDED_DATA_DIR=/var/lib/renkei/data")
    check("/var/lib/renkei" in (c.get("Volumes") or {}), "volume /var/lib/renkei")
    check(c.get("WorkingDir") == "/var/lib/renkei", "working folder /var/lib/renkei")

    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    check(len(diff_ids) == len(m["Layers"]), "%d layers, as many as the configuration names" % len(m["Layers"]))
    found = {}
    wanted = {
        "java": lambda n, i: n.endswith("bin/java") and "/jvm/" in n,
        "classpath": lambda n, i: n.lstrip("./") == "app/jib-classpath-file",
        "application": lambda n, i: n.lstrip("./").startswith("app/classes/jp/renkei/server/RenkeiApplication"),
        "cacerts": lambda n, i: n.lstrip("./") == "etc/ssl/certs/java/cacerts",
        "zoneinfo": lambda n, i: n.lstrip("./") == "usr/share/zoneinfo/Asia/Tokyo",
    }
    state_mode = None
    for layer, diff_id in zip(m["Layers"], diff_ids):
        raw = outer.extractfile(layer).read()
        data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
        check("sha256:" + hashlib.sha256(data).hexdigest() == diff_id, "layer %s… matches its diff id" % layer[:12])
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for info in t:
                name = info.name
                for key, match in wanted.items():
                    if key not in found and match(name, info):
                        found[key] = layer[:12]
                if name.lstrip("./").rstrip("/") == "var/lib/renkei" and info.isdir():
                    state_mode = info.mode
    check("java" in found, "a Java runtime (…/jvm/…/bin/java)")
    check("cacerts" in found, "Java's CA certificates (etc/ssl/certs/java/cacerts)")
    check("zoneinfo" in found, "time-zone data (Asia/Tokyo)")
    check("classpath" in found and "application" in found, "the application's class path file and classes")
    check(state_mode is not None and state_mode & 0o002 != 0, "/var/lib/renkei writable by the unprivileged user (mode %s)" % (oct(state_mode) if state_mode is not None else None))

    if run and not failures:
        root = tempfile.mkdtemp(prefix="renkei-image-")
        try:
            for layer in m["Layers"]:
                raw = outer.extractfile(layer).read()
                data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
                with tarfile.open(fileobj=io.BytesIO(data)) as t:
                    t.extractall(root, numeric_owner=True)
            # A mount namespace of its own with /proc (the JVM finds its libraries through /proc/self/exe),
            # as a container runtime would give it; nothing is mounted outside it.
            os.makedirs(os.path.join(root, "proc"), exist_ok=True)
            cmd = (["unshare", "--mount", "--pid", "--fork", "--mount-proc=" + os.path.join(root, "proc"),
                    "chroot", "--userspec=" + user, root, "/usr/bin/env", "-i"]
                   + ["%s=%s" % kv for kv in env.items()] + ["java", "-version"])
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
            out = (p.stdout + p.stderr).strip().splitlines()
            check(p.returncode == 0 and any("17." in l for l in out), "java -version as %s in the unpacked image: %s" % (user, out[:1]))
        finally:
            shutil.rmtree(root, ignore_errors=True)

print("image %s: %s" % (image, "every check passed" if not failures else "%d check(s) FAILED" % len(failures)))
sys.exit(1 if failures else 0)
PY
