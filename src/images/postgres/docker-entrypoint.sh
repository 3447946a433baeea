#!/usr/bin/env bash
# First start: create the cluster with data checksums and the superuser password from a file secret. Then run postgres.
set -euo pipefail

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  password_file=${POSTGRES_PASSWORD_FILE:?Set POSTGRES_PASSWORD_FILE to a file holding the superuser password (a compose secret); it is never read from the environment.}
  [ -r "$password_file" ] || { echo "POSTGRES_PASSWORD_FILE=$password_file is not readable by uid $(id -u)." >&2; exit 1; }
  initdb --pgdata="$PGDATA" --username=postgres --pwfile="$password_file" --data-checksums \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8
  {
    echo "listen_addresses = '*'"
    # /tmp is writable in every run mode (a tmpfs under a read-only root); /var/run/postgresql may not be.
    echo "unix_socket_directories = '/tmp'"
  } >> "$PGDATA/postgresql.conf"
  echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
  if [ -n "${POSTGRES_DB:-}" ]; then
    postgres --single -D "$PGDATA" postgres <<< "CREATE DATABASE \"${POSTGRES_DB}\";" >/dev/null
  fi
fi

exec postgres -D "$PGDATA" "$@"
