#!/usr/bin/env bash
# Bed-board fan-out benchmark (issue 5): seeds --offices discharge offices (+ --decoys) into a fresh
# embedded database, starts the server jar on it (fsync on, as in production), runs BedFanout against it
# and copies the JSON and CSV results to loadgen/results/<date>/. Loopback only; not part of the build.
#
#   loadgen/run-bed-fanout.sh [--offices 500] [--decoys 20] [--rate 10] [--warmup 5] [--duration 30]
#                             [--notices 4] [--heap 1g] [--work /tmp/renkei-bed-fanout] [--port 18081]
#                             [--tag NAME] [--jfr] [--no-build] [--server-jar JAR]
# --server-jar runs another build of the server (before/after comparisons); --fsync false measures
# without forcing each commit to the device (isolates the disk).
# --jfr records the server with Java Flight Recorder into WORK/server.jfr
# (then: jfr print --events jdk.ExecutionSample WORK/server.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."

OFFICES=500
DECOYS=20
RATE=10
WARMUP=5
DURATION=30
NOTICES=4
HEAP=1g
WORK=/tmp/renkei-bed-fanout
PORT=18081
TAG=
JFR=
BUILD=1
SERVER_JAR=
FSYNC=true
while [ $# -gt 0 ]; do
  case "$1" in
    --offices) OFFICES=$2; shift 2 ;;
    --decoys) DECOYS=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --notices) NOTICES=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --tag) TAG=$2; shift 2 ;;
    --jfr) JFR=1; shift ;;
    --no-build) BUILD=; shift ;;
    --server-jar) SERVER_JAR=$2; shift 2 ;;
    --fsync) FSYNC=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

LOADGEN=loadgen/target/loadgen.jar
SERVER=server/target/renkei-server-exec.jar
if [ -n "$BUILD" ] || ! [ -f "$LOADGEN" ] || ! [ -f "$SERVER" ]; then
  # package, not install: nothing is written to ~/.m2.
  mvn -q -B -o package -DskipTests -pl loadgen -am
fi
SERVER=${SERVER_JAR:-$SERVER}

rm -rf "$WORK"
mkdir -p "$WORK"
java -cp "$LOADGEN" jp.renkei.loadgen.BedFanout seed --data-dir "$WORK/data" --offices "$OFFICES" --decoys "$DECOYS"

JFR_OPTS=()
if [ -n "$JFR" ]; then
  JFR_OPTS=(-XX:+FlightRecorder "-XX:StartFlightRecording=filename=$WORK/server.jfr,settings=profile,dumponexit=true")
fi
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
java -Xmx"$HEAP" "${JFR_OPTS[@]}" -jar "$SERVER" --server.address=127.0.0.1 --server.port="$PORT" --management.server.port=0 \
  --renkei.embedded.data-dir="$WORK/data" --renkei.demo.enabled=false --renkei.embedded.fsync="$FSYNC" \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$PORT/api/session" >/dev/null 2>&1 && break
  sleep 1
done

OUT="loadgen/results/$(date -u +%F)/bed-fanout-$OFFICES${TAG:+-$TAG}.json"
java -Xmx1g -cp "$LOADGEN" jp.renkei.loadgen.BedFanout run --url "http://127.0.0.1:$PORT" --offices "$OFFICES" \
  --decoys "$DECOYS" --rate "$RATE" --warmup "$WARMUP" --duration "$DURATION" --notices "$NOTICES" \
  --server-pid "$SERVER_PID" --out "$OUT" | tee "${OUT%.json}.txt" || true
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
