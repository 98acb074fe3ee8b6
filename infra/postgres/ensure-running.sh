#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432, starting the Debian cluster if it is down.
set -euo pipefail
host=${PGHOST:-127.0.0.1}
port=${PGPORT:-5432}

ready() { pg_isready -q -h "$host" -p "$port"; }

if ! ready; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "starting PostgreSQL $version (cluster main)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  else
    echo "PostgreSQL is down and no Debian cluster is installed; start one or set TEST_DATABASE_URL" >&2
    exit 1
  fi
fi
for _ in $(seq 1 30); do
  if ready; then echo "PostgreSQL is ready on $host:$port"; exit 0; fi
  sleep 1
done
echo "PostgreSQL did not become ready on $host:$port" >&2
exit 1
