#!/usr/bin/env bash
# RabbitMQ with its Web-STOMP plugin (STOMP over WebSocket at ws://127.0.0.1:15674/ws), the reference
# broker the load generator compares Renkei with (loadgen/run-side-by-side.sh). Loopback only, its own
# node name, files and Erlang cookie under $RENKEI_RABBITMQ_DIR, so it touches no system RabbitMQ.
#
#   scripts/rabbitmq-webstomp.sh start    install if missing (Debian package), start, wait until ready
#   scripts/rabbitmq-webstomp.sh stop     stop it
#   scripts/rabbitmq-webstomp.sh reset    stop it, delete its database (queues and stored messages), start it
#   scripts/rabbitmq-webstomp.sh pid      print the broker's OS process id (for --server-pid)
#   scripts/rabbitmq-webstomp.sh status
#
# The broker does not authorise here: the generator connects as guest (allowed from loopback only). In the
# generator's `rabbitmq` mode it neither persists (/topic destinations: exclusive, auto-deleted queues,
# transient messages); in `rabbitmq-persistent` mode each member has a durable queue (classic, the default
# queue type) and messages are persistent: they are written under $RENKEI_RABBITMQ_DIR/mnesia, which is
# on the same disk as Renkei's data in the side-by-side. The generator deletes its durable queues at the
# end of a run; `reset` removes any left by an interrupted run (they would take every later run's posts).
set -euo pipefail

BASE="${RENKEI_RABBITMQ_DIR:-/tmp/renkei-rabbitmq}"
export HOME="$BASE"                      # the Erlang cookie lives here, shared by server and rabbitmqctl
export RABBITMQ_NODENAME="renkei-bench@localhost"
export RABBITMQ_BASE="$BASE"
export RABBITMQ_MNESIA_BASE="$BASE/mnesia"
export RABBITMQ_LOG_BASE="$BASE/log"
export RABBITMQ_CONFIG_FILE="$BASE/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$BASE/enabled_plugins"
export RABBITMQ_PID_FILE="$BASE/rabbitmq.pid"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=5672
export RABBITMQ_DIST_PORT=25672
export ERL_EPMD_ADDRESS=127.0.0.1        # epmd listens on loopback only
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export ERL_CRASH_DUMP="$BASE/log/erl_crash.dump"
# The package's own scripts, not the /usr/sbin wrappers (those switch to the rabbitmq user and its
# /var/lib/rabbitmq files); the node runs as the caller, with everything under $BASE.
BIN=/usr/lib/rabbitmq/bin

install_if_missing() {
  if ! [ -x "$BIN/rabbitmq-server" ]; then
    echo "installing rabbitmq-server (Debian package)" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq rabbitmq-server >/dev/null
  fi
}

ctl() {
  "$BIN/rabbitmqctl" -n "$RABBITMQ_NODENAME" "$@"
}

running() {
  [ -f "$RABBITMQ_PID_FILE" ] && kill -0 "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null
}

start() {
  install_if_missing
  if running; then
    echo "already running (pid $(cat "$RABBITMQ_PID_FILE"))"
    return 0
  fi
  mkdir -p "$BASE/log" "$BASE/mnesia"
  chmod 700 "$BASE"
  cat > "$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.1 = 127.0.0.1:5672
stomp.listeners.tcp.1 = 127.0.0.1:61613
web_stomp.tcp.ip = 127.0.0.1
web_stomp.tcp.port = 15674
loopback_users.guest = true
CONF
  echo "[rabbitmq_web_stomp]." > "$RABBITMQ_ENABLED_PLUGINS_FILE"
  # Detached, with its own pid file; output goes to $BASE/log.
  "$BIN/rabbitmq-server" > "$BASE/log/console.log" 2>&1 &
  local launcher=$!
  for _ in $(seq 1 120); do
    if ! kill -0 "$launcher" 2>/dev/null; then
      echo "RabbitMQ exited during start; see $BASE/log/console.log" >&2
      tail -5 "$BASE/log/console.log" >&2
      exit 1
    fi
    if [ -f "$RABBITMQ_PID_FILE" ] && ctl await_startup --timeout 2 >/dev/null 2>&1; then
      break
    fi
    sleep 1
  done
  if ! ctl await_startup --timeout 5 >/dev/null 2>&1; then
    echo "RabbitMQ did not start; see $BASE/log" >&2
    exit 1
  fi
  for _ in $(seq 1 60); do
    if (exec 3<>/dev/tcp/127.0.0.1/15674) 2>/dev/null; then
      echo "RabbitMQ Web-STOMP ready at ws://127.0.0.1:15674/ws (pid $(cat "$RABBITMQ_PID_FILE"))"
      return 0
    fi
    sleep 1
  done
  echo "Web-STOMP port 15674 not open; see $BASE/log" >&2
  exit 1
}

stop() {
  if ! running; then
    echo "not running"
    return 0
  fi
  ctl stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || kill "$(cat "$RABBITMQ_PID_FILE")"
  for _ in $(seq 1 30); do
    running || break
    sleep 1
  done
  # epmd was started for this node (on loopback); leave no daemon behind.
  local epmd_bin
  epmd_bin=$(ls /usr/lib/erlang/erts-*/bin/epmd 2>/dev/null | head -1)
  [ -n "$epmd_bin" ] && "$epmd_bin" -kill >/dev/null 2>&1 || true
  echo "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  reset) stop; rm -rf "$BASE/mnesia"; start ;;
  pid) running && cat "$RABBITMQ_PID_FILE" ;;
  status) if running; then ctl status; else echo "not running"; exit 1; fi ;;
  *) echo "usage: $0 start|stop|reset|pid|status" >&2; exit 2 ;;
esac
