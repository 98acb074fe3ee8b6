#!/usr/bin/env bash
# Starts a single-node Kafka (KRaft: broker and controller in one process) on 127.0.0.1, from Maven Central's
# jars, and waits until it accepts clients. Data lives in .work/data and survives restarts.
#
# KAFKA_SECURITY_PROTOCOL=SASL_SSL starts it as production runs it: clients must speak TLS (a certificate from a
# private authority made with keytool, see tls.sh; clients trust KAFKA_SSL_CA_FILE) and authenticate with SCRAM
# (KAFKA_SASL_MECHANISM, default SCRAM-SHA-512) as KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD, an account created
# when the storage is formatted. The same variables configure the services' clients (docs/operations.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if kafka_running; then
  echo "Kafka already running (pid $(cat "$PID_FILE")) on 127.0.0.1:$KAFKA_PORT"
  exit 0
fi
bash "$KAFKA_DIR/fetch.sh"
mkdir -p "$WORK/data"
chmod 700 "$WORK" "$WORK/data"
config="$WORK/server.properties"
protocol="${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}"
scram=()
case "$protocol" in
  PLAINTEXT)
    listener_settings="listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT" ;;
  SASL_SSL)
    : "${KAFKA_SASL_USERNAME:?SASL_SSL needs KAFKA_SASL_USERNAME (the client account to create)}"
    : "${KAFKA_SASL_PASSWORD:?SASL_SSL needs KAFKA_SASL_PASSWORD}"
    mechanism="${KAFKA_SASL_MECHANISM:-SCRAM-SHA-512}"
    tls_dir="$(dirname "${KAFKA_SSL_CA_FILE:-$WORK/tls/ca.pem}")"
    bash "$KAFKA_DIR/tls.sh" "$tls_dir"
    store_password=$(cat "$tls_dir/store-password")
    # The broker's own account, for its inter-broker client; made once per data directory.
    [ -f "$WORK/broker-password" ] || (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$WORK/broker-password")
    broker_password=$(cat "$WORK/broker-password")
    # Accounts: the broker's own, the administrator the tests and tools connect as (KAFKA_SASL_USERNAME), and one per
    # service with least-privilege ACLs (granted below; on this test broker they share the administrator's password).
    scram=(--add-scram "$mechanism=[name=broker,password=$broker_password]" --add-scram "$mechanism=[name=$KAFKA_SASL_USERNAME,password=$KAFKA_SASL_PASSWORD]")
    for service in intake convening meeting plan-followup reporting; do scram+=(--add-scram "$mechanism=[name=$service,password=$KAFKA_SASL_PASSWORD]"); done
    # The controller listener takes only the broker's own certificate (TLS client authentication): nobody else on the
    # machine can change the cluster through it.
    listener_settings="listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_SSL://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL
listener.name.controller.ssl.client.auth=required
inter.broker.listener.name=SASL_SSL
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false
super.users=User:broker;User:$KAFKA_SASL_USERNAME;User:CN=127.0.0.1
sasl.enabled.mechanisms=$mechanism
sasl.mechanism.inter.broker.protocol=$mechanism
listener.name.sasl_ssl.$(echo "$mechanism" | tr 'A-Z' 'a-z').sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"broker\" password=\"$broker_password\";
ssl.keystore.type=PKCS12
ssl.keystore.location=$tls_dir/broker.p12
ssl.keystore.password=$store_password
ssl.truststore.type=PKCS12
ssl.truststore.location=$tls_dir/trust.p12
ssl.truststore.password=$store_password
ssl.enabled.protocols=TLSv1.3,TLSv1.2" ;;
  *) echo "KAFKA_SECURITY_PROTOCOL must be PLAINTEXT or SASL_SSL for this test broker (got $protocol)" >&2; exit 1 ;;
esac
# Storage formatted for one protocol holds no accounts for the other: say so instead of failing to authenticate.
if [ -f "$WORK/data/meta.properties" ] && [ "$(cat "$WORK/data/.security-protocol" 2>/dev/null || echo PLAINTEXT)" != "$protocol" ]; then
  echo "the broker's data in $WORK/data was formatted for $(cat "$WORK/data/.security-protocol" 2>/dev/null || echo PLAINTEXT), not $protocol: stop it, remove $WORK/data, and start again (or set KAFKA_WORK_DIR)" >&2
  exit 1
fi
(umask 077; cat > "$config" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
$listener_settings
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
)

classpath="$LIBS/*"
if [ ! -f "$WORK/data/meta.properties" ]; then
  cluster_id=$(java -cp "$classpath" kafka.tools.StorageTool random-uuid)
  java -cp "$classpath" kafka.tools.StorageTool format -t "$cluster_id" -c "$config" "${scram[@]}" >/dev/null
  echo "$protocol" > "$WORK/data/.security-protocol"
  echo "formatted KRaft storage (cluster $cluster_id, $protocol)"
fi

# The broker's files (SCRAM salts and keys among them) are for its own user only.
umask 077
nohup java -Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.yaml" \
  -cp "$classpath" kafka.Kafka "$config" >"$LOG_FILE" 2>&1 &
echo $! >"$PID_FILE"
echo "Kafka starting (pid $(cat "$PID_FILE")), log in $LOG_FILE"

[ "$protocol" = SASL_SSL ] && export KAFKA_SSL_CA_FILE="$tls_dir/ca.pem"
# The workspace's own client (tools/kafka), connecting as the services do.
kafka_tool() { (cd "$KAFKA_DIR/../.." && KAFKA_BROKERS="127.0.0.1:$KAFKA_PORT" KAFKA_SECURITY_PROTOCOL="$protocol" node -r @swc-node/register "tools/kafka/$1" "${@:2}"); }
if ! kafka_tool wait-ready.ts 180; then
  echo "Kafka did not accept clients; the end of its log:" >&2
  tail -n 40 "$LOG_FILE" >&2
  bash "$KAFKA_DIR/stop.sh" || true
  exit 1
fi
if [ "$protocol" = SASL_SSL ]; then
  kafka_tool grant-service-acls.ts \
    || { echo "could not grant the service accounts their ACLs" >&2; bash "$KAFKA_DIR/stop.sh" || true; exit 1; }
fi
echo "Kafka ready on 127.0.0.1:$KAFKA_PORT ($protocol)"
[ "$protocol" = SASL_SSL ] && echo "clients trust KAFKA_SSL_CA_FILE=$tls_dir/ca.pem"
true
