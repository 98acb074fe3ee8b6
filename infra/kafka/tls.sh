#!/usr/bin/env bash
# Makes the TLS material of a SASL_SSL test broker with the JDK's keytool: a private certificate authority, the
# broker's key and certificate (for 127.0.0.1 and localhost) signed by it, and a truststore for the broker's own
# inter-broker client. Clients trust ca.pem (KAFKA_SSL_CA_FILE). Made once per directory; brokers started with
# the same directory (the CI broker, a fault drill's broker) share one authority.
# Usage: tls.sh <directory>; prints nothing but errors.
set -euo pipefail
dir="$1"
# Kept while the broker's certificate has more than a day to run (they are made for 30 days).
if [ -f "$dir/broker.p12" ] && [ -f "$dir/ca.pem" ] && [ -f "$dir/store-password" ] && openssl x509 -checkend 86400 -noout -in "$dir/broker.pem" >/dev/null 2>&1; then
  exit 0
fi
mkdir -p "$dir"
chmod 700 "$dir"
umask 077
password=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s' "$password" > "$dir/store-password"
store() { keytool "$@" -storetype PKCS12 -storepass "$password" >/dev/null 2>&1; }
rm -f "$dir/ca.p12" "$dir/broker.p12" "$dir/trust.p12"
store -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname CN=perheverkko-test-ca -ext bc:c -validity 30 -keystore "$dir/ca.p12" -keypass "$password"
keytool -exportcert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$password" > "$dir/ca.pem"
store -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname CN=127.0.0.1 -validity 30 -keystore "$dir/broker.p12" -keypass "$password"
keytool -certreq -alias broker -keystore "$dir/broker.p12" -storepass "$password" \
  | keytool -gencert -alias ca -keystore "$dir/ca.p12" -storepass "$password" -ext san=ip:127.0.0.1,dns:localhost -ext eku=serverAuth,clientAuth -validity 30 -rfc > "$dir/broker.pem"
store -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/broker.p12"
store -importcert -alias broker -file "$dir/broker.pem" -keystore "$dir/broker.p12"
store -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/trust.p12"
chmod 644 "$dir/ca.pem"
