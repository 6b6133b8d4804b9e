#!/usr/bin/env bash
# Runs the load generator against three sides at increasing rates, with the same users, rooms and note
# sizes, and prints Renkei's best sustained deliveries/s at p99 <= 100 ms (nothing lost) divided by each
# reference's:
#   renkei               Renkei, embedded database, durable writes (fsync on)
#   rabbitmq             RabbitMQ Web-STOMP, transient: /topic queues, transient messages, auto ack
#   rabbitmq-persistent  RabbitMQ Web-STOMP, stores before it delivers: a durable queue per member,
#                        persistent messages, each post acknowledged by its publisher-confirm receipt,
#                        client acks (the fair reference for Renkei; started on a fresh broker database)
# Each side stops climbing at its first rate that misses p99 <= 100 ms or loses anything.
# Loopback only. Not part of the build: it takes minutes (about (warm-up + duration + 15 s) per rate).
#
#   loadgen/run-side-by-side.sh [--users 2000] [--rates "25 50 100 200 400"] [--rabbit-rates "..."]
#                               [--persistent-rates "..."] [--duration 20] [--warmup 30] [--heap 1g]
#                               [--work /tmp/renkei-side-by-side] [--only SIDE[,SIDE]] [--keep-data]
# Each side has its own rate list (RabbitMQ needs higher rates to find its limit); --only runs the named
# sides (renkei, rabbitmq, rabbitmq-persistent; the ratios then also use the results already in --work);
# --keep-data reuses the seeded database of an earlier run in --work.
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=2000
RATES="25 50 100 200 400"
RABBIT_RATES="125 250 500 1000 2000"
PERSISTENT_RATES="50 100 200 400 800 1600"
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
    --persistent-rates) PERSISTENT_RATES=$2; shift 2 ;;
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
for side in ${ONLY//,/ }; do
  case "$side" in
    renkei|rabbitmq|rabbitmq-persistent) ;;
    *) echo "--only takes renkei, rabbitmq and/or rabbitmq-persistent (comma-separated), not $side" >&2; exit 2 ;;
  esac
done
selected() { # side -> exit 0 if it runs
  [ -z "$ONLY" ] || [[ ",$ONLY," == *",$1,"* ]]
}

LOADGEN=loadgen/target/loadgen.jar
SERVER=server/target/renkei-server-exec.jar
if ! [ -f "$LOADGEN" ] || ! [ -f "$SERVER" ]; then
  mvn -q -B -o package -DskipTests -pl loadgen -am  # package, not install: nothing goes to ~/.m2
fi

# Only the Renkei side needs the seeded database; runs of one side keep the other sides' results.
if selected renkei && { [ -z "$KEEP" ] || ! [ -d "$WORK/data" ]; }; then
  if [ -z "$ONLY" ]; then
    rm -rf "$WORK"                 # all three sides: start from nothing
  else
    rm -rf "$WORK/data" "$WORK"/results/renkei-* "$WORK"/results/catchup.*
  fi
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

if selected renkei; then
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

rabbit_side() { # mode rates: climb one RabbitMQ side
  local mode=$1 rates=$2 pid
  pid=$(scripts/rabbitmq-webstomp.sh pid)
  for rate in $rates; do
    echo "-- $mode $rate posts/s"
    run "$mode" "$rate" --server-pid "$pid" || true
    qualifies "$WORK/results/$mode-$rate.json" || { echo "   (missed p99 <= 100 ms or not clean: stop climbing)"; break; }
  done
}

if selected rabbitmq; then
  echo "== RabbitMQ Web-STOMP, transient"
  scripts/rabbitmq-webstomp.sh start
  rabbit_side rabbitmq "$RABBIT_RATES"
  scripts/rabbitmq-webstomp.sh stop
fi

if selected rabbitmq-persistent; then
  echo "== RabbitMQ Web-STOMP, persistent (durable queues, persistent messages, confirms, client acks)"
  scripts/rabbitmq-webstomp.sh reset   # a fresh broker database: no queue of an earlier run left bound
  rabbit_side rabbitmq-persistent "$PERSISTENT_RATES"
  scripts/rabbitmq-webstomp.sh stop
fi

echo "== side by side ($WORK/results)"
FILES=()
for mode in renkei rabbitmq rabbitmq-persistent; do
  for f in $(ls "$WORK"/results/"$mode"-[0-9]*.json 2>/dev/null | sort -V); do
    FILES+=("$f")
  done
done
java -cp "$LOADGEN" jp.renkei.loadgen.Compare "${FILES[@]}"
