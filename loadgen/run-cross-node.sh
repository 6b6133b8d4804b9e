#!/usr/bin/env bash
# Cross-node delivery: two Renkei nodes in cluster mode sharing one store, posters on one node and the
# other members of the same rooms on the other, at increasing rates. Prints, per rate, the latency of a post
# to the members on the posters' node and to those on the other node (p50/p99), losses, and each node's CPU.
#
#   node A  embedded store (fsync on) in WORK/data, listening for node B on 127.0.0.1:DB_PORT; HTTP PORT_A
#   node B  no store of its own: spring.mongodb.uri=mongodb://127.0.0.1:DB_PORT; HTTP PORT_B
#
#   loadgen/run-cross-node.sh [--users 400] [--rates "25 50 100"] [--posters-per-room 4] [--duration 20]
#                             [--warmup 30] [--heap 1g] [--work /tmp/renkei-cross-node] [--port-a 18080]
#                             [--port-b 18081] [--db-port 27117] [--keep-data] [--no-build]
#                             [--node-args "--some.property=value ..."]
# Each rate runs the generator with --url node A (the first --posters-per-room members of each room, who
# post) and --receive-url node B (the others). Stops climbing at the first rate that misses p99 <= 100 ms or
# loses anything. Loopback only. Not part of the build: about (warm-up + duration + 15 s) per rate, plus
# the two starts. --node-args is added to both nodes' command lines.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=400
RATES="25 50 100"
POSTERS=4
DURATION=20
WARMUP=30
HEAP=1g
WORK=/tmp/renkei-cross-node
PORT_A=18080
PORT_B=18081
DB_PORT=27117
KEEP=
BUILD=1
NODE_ARGS=
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2 ;;
    --rates) RATES=$2; shift 2 ;;
    --posters-per-room) POSTERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --port-a) PORT_A=$2; shift 2 ;;
    --port-b) PORT_B=$2; shift 2 ;;
    --db-port) DB_PORT=$2; shift 2 ;;
    --keep-data) KEEP=1; shift ;;
    --no-build) BUILD=; shift ;;
    --node-args) NODE_ARGS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

LOADGEN=loadgen/target/loadgen.jar
SERVER=server/target/renkei-server-exec.jar
if [ -n "$BUILD" ] || ! [ -f "$LOADGEN" ] || ! [ -f "$SERVER" ]; then
  mvn -q -B -o package -DskipTests -pl loadgen -am  # package, not install: nothing goes to ~/.m2
fi

if [ -z "$KEEP" ] || ! [ -d "$WORK/data" ]; then
  rm -rf "$WORK"
  mkdir -p "$WORK/results"
  echo "== seeding $USERS users into $WORK/data"
  java -cp "$LOADGEN" jp.renkei.loadgen.Seeder --data-dir "$WORK/data" --users "$USERS" --room-size 8 \
    > "$WORK/seed.log" 2>&1
fi
mkdir -p "$WORK/results"

PID_A=
PID_B=
cleanup() {
  for pid in $PID_B $PID_A; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"; wait "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT

wait_ready() { # name port pid
  for _ in $(seq 1 180); do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "node $1 exited during start; see $WORK/node-$1.log" >&2
      tail -20 "$WORK/node-$1.log" >&2
      exit 1
    fi
    curl -sf "http://127.0.0.1:$2/api/session" >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "node $1 not ready on port $2 after 180 s; see $WORK/node-$1.log" >&2
  exit 1
}

# Node A: the embedded store (fsync on, as in production), listening on loopback for node B.
echo "== node A on 127.0.0.1:$PORT_A (store on 127.0.0.1:$DB_PORT, heap $HEAP, fsync on)"
# shellcheck disable=SC2086 # NODE_ARGS is a list of arguments
java -Xmx"$HEAP" -jar "$SERVER" --renkei.cluster.enabled=true --renkei.embedded.port="$DB_PORT" \
  --renkei.embedded.listen-address=127.0.0.1 --renkei.embedded.data-dir="$WORK/data" \
  --renkei.embedded.fsync=true --renkei.audit.node-id=n1 --renkei.demo.enabled=false \
  --server.address=127.0.0.1 --server.port="$PORT_A" --management.server.port=0 $NODE_ARGS \
  > "$WORK/node-A.log" 2>&1 &
PID_A=$!
wait_ready A "$PORT_A" "$PID_A"

# Node B: node A's store; the keys node A keeps in its data folder (the master key, written by the seeder;
# the audit signing and VAPID keys, created by node A at its first start); its own audit chain and witness.
echo "== node B on 127.0.0.1:$PORT_B (store mongodb://127.0.0.1:$DB_PORT)"
# shellcheck disable=SC2086
java -Xmx"$HEAP" -jar "$SERVER" --renkei.cluster.enabled=true \
  --spring.mongodb.uri="mongodb://127.0.0.1:$DB_PORT" \
  --renkei.crypto.master-key-file="$WORK/data/master.key" \
  --renkei.audit.signing-key-file="$WORK/data/audit-signing.key" \
  --renkei.notify.vapid-key-file="$WORK/data/vapid.key" \
  --renkei.audit.node-id=n2 --renkei.audit.witness-file="$WORK/audit-witness-n2.log" \
  --renkei.demo.enabled=false --server.address=127.0.0.1 --server.port="$PORT_B" --management.server.port=0 \
  $NODE_ARGS > "$WORK/node-B.log" 2>&1 &
PID_B=$!
wait_ready B "$PORT_B" "$PID_B"

FILES=()
for rate in $RATES; do
  echo "-- $rate posts/s: posters on A, $((8 - POSTERS)) of 8 members per room on B"
  OUT="$WORK/results/cross-node-$rate.json"
  java -Xmx2g -jar "$LOADGEN" --url "http://127.0.0.1:$PORT_A" --receive-url "http://127.0.0.1:$PORT_B" \
    --posters-per-room "$POSTERS" --users "$USERS" --rate "$rate" --warmup "$WARMUP" --duration "$DURATION" \
    --catchup 0 --server-pid "$PID_A,$PID_B" --out "$OUT" | tee "${OUT%.json}.txt" || true
  [ -f "$OUT" ] && FILES+=("$OUT")
  java -cp "$LOADGEN" jp.renkei.loadgen.Compare --qualifies "$OUT" 2>/dev/null \
    || { echo "   (missed p99 <= 100 ms or not clean: stop climbing)"; break; }
done

echo "== cross-node delivery ($WORK/results; node A pid $PID_A, node B pid $PID_B)"
if [ ${#FILES[@]} -gt 0 ]; then
  java -cp "$LOADGEN" jp.renkei.loadgen.Compare --cross-node "${FILES[@]}"
fi
