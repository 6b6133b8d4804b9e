#!/usr/bin/env bash
# One Renkei load run per invocation on a fresh copy of seeded data (so no account carries a used TOTP step
# or a login failure from an earlier run), as used for the 2026-12-07 runs at 275 and 300 posts/s:
#   loadgen/results/2026-12-07/runs/run.sh <tag> <posts/s> [more rates]   (from the repository root)
# EXTRA adds server options (e.g. EXTRA=--renkei.live.command-concurrency=64); WARMUP/DURATION in seconds.
set -u
W=${W:-/tmp/renkei-runs}; USERS=${USERS:-2000}
JAR=server/target/renkei-server-exec.jar; LOADGEN=loadgen/target/loadgen.jar
TAG=$1; shift
if ! [ -d $W/data-seed ]; then
  java -cp $LOADGEN jp.renkei.loadgen.Seeder --data-dir $W/data-seed --users $USERS --room-size 8 > $W-seed.log 2>&1
fi
rm -rf $W/data && cp -r $W/data-seed $W/data && mkdir -p $W/out/$TAG
java -Xmx1g -jar $JAR --server.address=127.0.0.1 --server.port=18080 --management.server.port=0 \
  --renkei.embedded.data-dir=$W/data --renkei.demo.enabled=false --renkei.embedded.fsync=true ${EXTRA:-} \
  > $W/out/$TAG/server.log 2>&1 &
PID=$!
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:18080/api/session >/dev/null 2>&1 && break; sleep 1; done
for r in "$@"; do
  java -Xmx2g -jar $LOADGEN --mode renkei --users $USERS --rate $r --warmup ${WARMUP:-20} --duration ${DURATION:-20} \
    --out $W/out/$TAG/renkei-$r.json --url http://127.0.0.1:18080 --catchup 0 --server-pid $PID | tee $W/out/$TAG/renkei-$r.txt
done
kill $PID; wait $PID 2>/dev/null
