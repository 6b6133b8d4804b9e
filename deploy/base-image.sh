#!/usr/bin/env bash
# Builds the container image's base — Debian bookworm with a Java 17 runtime (openjdk-17-jre-headless),
# CA certificates and time-zone data — from Debian packages alone, without Docker or a container registry,
# and packs it as a docker-archive tar (what `docker save` writes: manifest.json, one config JSON, one
# layer tar) that Jib takes as its base image: -Djib.from.image=tar://<absolute path of that file>.
#
#   deploy/base-image.sh [OUT.tar]        (default target/base-image.tar)
#
# Needs mmdebstrap (Debian package) and a Debian mirror (RENKEI_BASE_MIRROR, RENKEI_BASE_SECURITY_MIRROR;
# deb.debian.org by default). The packages are the mirror's current ones, security updates included:
# rebuild the base (and the image) to take new updates.
# Run as root (mmdebstrap's root mode: chroot plus /proc and /dev mounts), or as a user with unprivileged
# user namespaces (mmdebstrap picks its unshare mode).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-target/base-image.tar}
SUITE=${RENKEI_BASE_SUITE:-bookworm}
MIRROR=${RENKEI_BASE_MIRROR:-http://deb.debian.org/debian}
SECURITY_MIRROR=${RENKEI_BASE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
TAG=${RENKEI_BASE_TAG:-renkei/base:17-jre-$SUITE}

command -v mmdebstrap >/dev/null || { echo "mmdebstrap missing: apt-get install mmdebstrap" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$(dirname "$OUT")"

# The root file system as one tar. --variant=essential: only Essential:yes packages plus the listed ones
# (no apt, no init); documentation and manual pages left out (man1 kept as an empty folder: the JRE's
# update-alternatives links its manual page there); the apt lists removed at the end.
mmdebstrap --variant=essential \
  --include=openjdk-17-jre-headless,ca-certificates,tzdata \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
  "$SUITE" "$WORK/layer.tar" \
  "deb $MIRROR $SUITE main" "deb $MIRROR $SUITE-updates main" \
  "deb $SECURITY_MIRROR $SUITE-security main"

DIFF_ID=sha256:$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)
JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$CREATED",
 "config":{"Env":["PATH=$JAVA_HOME/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=$JAVA_HOME","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created":"$CREATED","created_by":"deploy/base-image.sh: mmdebstrap $SUITE openjdk-17-jre-headless ca-certificates tzdata"}]}
JSON
CONFIG=$(sha256sum "$WORK/config.json" | cut -d' ' -f1).json
mv "$WORK/config.json" "$WORK/$CONFIG"
printf '[{"Config":"%s","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$CONFIG" "$TAG" > "$WORK/manifest.json"
tar -C "$WORK" -cf "$OUT" manifest.json "$CONFIG" layer.tar
echo "base image $TAG written to $OUT ($(du -h "$OUT" | cut -f1)); layer $DIFF_ID"
