#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft: broker and controller in one process) on 127.0.0.1, from Maven Central's
# jars, and waits until it accepts clients. Data lives in .work/data and survives restarts.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if kafka_running; then
  echo "Kafka already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi
bash "$KAFKA_DIR/fetch.sh"
mkdir -p "$WORK/data"
config="$WORK/server.properties"
cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$WORK/data
num.partitions=6
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
min.insync.replicas=1
auto.create.topics.enable=false
group.initial.rebalance.delay.ms=0
PROPERTIES

classpath="$LIBS/*"
if [ ! -f "$WORK/data/meta.properties" ]; then
  cluster_id=$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)
  java -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" >/dev/null
  echo "formatted KRaft storage (cluster $cluster_id)"
fi

nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.yaml" \
  -cp "$classpath" kafka.Kafka "$config" >"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"
echo "Kafka starting (pid $(cat "$PID_FILE")), log in $LOG_FILE"

if ! node "$KAFKA_DIR/wait-ready.cjs" "127.0.0.1:$KAFKA_PORT" 90; then
  echo "Kafka did not accept clients; the end of its log:" >&2
  tail -n 40 "$LOG_FILE" >&2
  bash "$KAFKA_DIR/stop.sh" || true
  exit 1
fi
echo "Kafka ready on 127.0.0.1:$KAFKA_PORT"
