#!/usr/bin/env bash
# Runs the load generator against Renkei (embedded database, durable writes: fsync on) and then against
# RabbitMQ Web-STOMP at increasing rates, with the same users, rooms and note sizes, and prints the
# ratio of Renkei's best sustained deliveries/s at p99 <= 100 ms (nothing lost) to RabbitMQ's.
# Each side stops climbing at its first rate that misses p99 <= 100 ms or loses anything.
# Loopback only. Not part of the build: it takes minutes (about (warm-up + duration + 15 s) per rate).
#
#   loadgen/run-side-by-side.sh [--users 2000] [--rates "25 50 100 200 400"] [--rabbit-rates "..."]
#                               [--duration 20] [--warmup 30] [--heap 1g] [--work /tmp/renkei-side-by-side]
#                               [--only renkei|rabbitmq] [--keep-data]
# RabbitMQ needs higher rates to find its limit, hence its own list; --only runs one side (the ratio then uses the results already in
# --work); --keep-data reuses the seeded database of an earlier run in --work.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=2000
RATES="25 50 100 200 400"
RABBIT_RATES="125 250 500 1000 2000"
ONLY=
KEEP=
DURATION=20
WARMUP=30
HEAP=1g
WORK=/tmp/renkei-side-by-side
PORT=18080
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS=$2; shift 2 ;;
    --rates) RATES=$2; shift 2 ;;
    --rabbit-rates) RABBIT_RATES=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    --keep-data) KEEP=1; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --heap) HEAP=$2; shift 2 ;;
    --work) WORK=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done


LOADGEN=loadgen/target/loadgen.jar
SERVER=server/target/renkei-server-exec.jar
if ! [ -f "$LOADGEN" ] || ! [ -f "$SERVER" ]; then
  mvn -q -B package -DskipTests -pl loadgen -am  # package, not install: nothing goes to ~/.m2
fi

if [ -z "$KEEP" ] || ! [ -d "$WORK/data" ]; then
  rm -rf "$WORK"
  mkdir -p "$WORK/results"
  echo "== seeding $USERS users into $WORK/data"
  java -cp "$LOADGEN" jp.renkei.loadgen.Seeder --data-dir "$WORK/data" --users "$USERS" --room-size 8 \
    > "$WORK/seed.log" 2>&1
fi
mkdir -p "$WORK/results"

run() { # mode rate extra-args...
  local mode=$1 rate=$2
  shift 2
  java -Xmx2g -jar "$LOADGEN" --mode "$mode" --users "$USERS" --rate "$rate" --warmup "$WARMUP" \
    --duration "$DURATION" --out "$WORK/results/$mode-$rate.json" "$@" | tee "$WORK/results/$mode-$rate.txt"
}

qualifies() { # result file -> exit 0 if clean and p99 <= 100 ms
  [ -f "$1" ] && java -cp "$LOADGEN" jp.renkei.loadgen.Compare --qualifies "$1"
}

SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  scripts/rabbitmq-webstomp.sh stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

if [ "$ONLY" != rabbitmq ]; then
echo "== Renkei (heap $HEAP, fsync on) on 127.0.0.1:$PORT"
java -Xmx"$HEAP" -jar "$SERVER" --server.address=127.0.0.1 --server.port="$PORT" --management.server.port=0 \
  --renkei.embedded.data-dir="$WORK/data" --renkei.demo.enabled=false --renkei.embedded.fsync=true \
  > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/api/session" >/dev/null 2>&1 && break
  sleep 1
done
for rate in $RATES; do
  echo "-- renkei $rate posts/s"
  run renkei "$rate" --url "http://127.0.0.1:$PORT" --catchup 0 --server-pid "$SERVER_PID" || true
  qualifies "$WORK/results/renkei-$rate.json" || { echo "   (missed p99 <= 100 ms or not clean: stop climbing)"; break; }
done
echo "-- renkei catch-up of 1000 missed events"
java -jar "$LOADGEN" --users 16 --url "http://127.0.0.1:$PORT" --rate 0 --warmup 0 --duration 1 \
  --catchup 1000 --catchup-repeat 3 --server-pid "$SERVER_PID" --out "$WORK/results/catchup.json" \
  > "$WORK/results/catchup.txt" || true
grep "catch-up" "$WORK/results/catchup.txt" || true
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
SERVER_PID=
fi

if [ "$ONLY" != renkei ]; then
echo "== RabbitMQ Web-STOMP"
scripts/rabbitmq-webstomp.sh start
RABBIT_PID=$(scripts/rabbitmq-webstomp.sh pid)
for rate in $RABBIT_RATES; do
  echo "-- rabbitmq $rate posts/s"
  run rabbitmq "$rate" --server-pid "$RABBIT_PID" || true
  qualifies "$WORK/results/rabbitmq-$rate.json" || { echo "   (missed p99 <= 100 ms or not clean: stop climbing)"; break; }
done
scripts/rabbitmq-webstomp.sh stop
fi

echo "== side by side ($WORK/results)"
FILES=()
for f in $(ls "$WORK"/results/renkei-*.json 2>/dev/null | sort -V) $(ls "$WORK"/results/rabbitmq-*.json 2>/dev/null | sort -V); do
  FILES+=("$f")
done
java -cp "$LOADGEN" jp.renkei.loadgen.Compare "${FILES[@]}"
