# Shared settings of the Kafka scripts. KAFKA_PORT / KAFKA_CONTROLLER_PORT move the broker off the defaults.
KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="${KAFKA_WORK_DIR:-$KAFKA_DIR/.work}"
LIBS="$WORK/libs"
PID_FILE="$WORK/kafka.pid"
LOG_FILE="$WORK/kafka.log"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"

kafka_running() {
  [ -f "$PID_FILE" ] && kill -0 "$(cat "$PID_FILE")" 2>/dev/null
}
