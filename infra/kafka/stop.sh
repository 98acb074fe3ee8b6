#!/usr/bin/env bash
# Stops the Kafka started by start.sh, by its recorded process id; waits for a clean shutdown.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if ! kafka_running; then
  echo "Kafka is not running"
  rm -f "$PID_FILE"
  exit 0
fi
pid=$(cat "$PID_FILE")
kill -TERM "$pid"
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "Kafka stopped"; exit 0; }
  sleep 0.5
done
echo "Kafka did not stop in 30 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$PID_FILE"
