#!/usr/bin/env bash
# First start: create the cluster with data checksums and the superuser password from a file secret. Then run postgres,
# archiving its WAL through pgBackRest when a backup passphrase is given.
#   docker-entrypoint.sh [postgres options]        the server
#   docker-entrypoint.sh restore <pgbackrest restore options>
#                                                  a scratch copy: restore into an empty $PGDATA, then run it with
#                                                  archiving off, so it can never push WAL into the repository it came from
set -euo pipefail

backup_conf=/tmp/pgbackrest/pgbackrest.conf

# pgBackRest's configuration is written at each start from the environment and file secrets, on the /tmp tmpfs (the
# root is read-only): the passphrase is never in the image, the environment, or a command line.
write_backup_conf() {
  local passphrase_file=$PAZPAZ_BACKUP_PASSPHRASE_FILE
  [ -r "$passphrase_file" ] || { echo "PAZPAZ_BACKUP_PASSPHRASE_FILE=$passphrase_file is not readable by uid $(id -u)." >&2; exit 1; }
  install -d -m 0700 /tmp/pgbackrest /tmp/pgbackrest/log /tmp/pgbackrest/lock /tmp/pgbackrest/spool
  ( umask 077
    cat > "$backup_conf" <<CONF
[global]
repo1-path=${PAZPAZ_BACKUP_REPOSITORY:-/var/lib/pgbackrest}
repo1-cipher-type=aes-256-cbc
repo1-cipher-pass=$(tr -d '\n' < "$passphrase_file")
repo1-retention-full=${PAZPAZ_BACKUP_RETENTION_FULL:-2}
repo1-retention-diff=${PAZPAZ_BACKUP_RETENTION_DIFF:-7}
repo1-bundle=y
compress-type=zst
process-max=2
start-fast=y
archive-timeout=60
log-level-console=warn
log-level-file=info
log-path=/tmp/pgbackrest/log
lock-path=/tmp/pgbackrest/lock
spool-path=/tmp/pgbackrest/spool

[pazpaz]
pg1-path=$PGDATA
pg1-socket-path=/tmp
pg1-user=postgres
CONF
  )
  if [ -r "${POSTGRES_PASSWORD_FILE:-}" ]; then
    # pgBackRest connects over the socket with scram: libpq reads the password from PGPASSFILE (set in the image).
    ( umask 077; printf '*:*:*:postgres:%s\n' "$(tr -d '\n' < "$POSTGRES_PASSWORD_FILE")" > "$PGPASSFILE" )
  fi
}

archiving=()
if [ -n "${PAZPAZ_BACKUP_PASSPHRASE_FILE:-}" ]; then
  write_backup_conf
  archiving=(-c wal_level=replica -c archive_mode=on -c archive_timeout=60
             -c "archive_command=pgbackrest --stanza=pazpaz archive-push %p")
fi

if [ "${1:-}" = restore ]; then
  shift
  [ -n "${PAZPAZ_BACKUP_PASSPHRASE_FILE:-}" ] || { echo "restore needs PAZPAZ_BACKUP_PASSPHRASE_FILE (the repository's passphrase)." >&2; exit 64; }
  if [ -s "$PGDATA/PG_VERSION" ]; then
    echo "restore refuses to write into $PGDATA: it already holds a cluster. Restore into an empty volume." >&2
    exit 1
  fi
  pgbackrest --stanza=pazpaz restore "$@"
  # A scratch copy is reached only by `docker exec` (run it with --network none): trust on the socket alone, so a
  # password rotated since the backup cannot lock the drill out.
  echo "local all all trust" > /tmp/pg_hba.scratch.conf
  exec postgres -D "$PGDATA" -c archive_mode=off -c listen_addresses='' -c unix_socket_directories=/tmp \
    -c hba_file=/tmp/pg_hba.scratch.conf
fi

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

exec postgres -D "$PGDATA" "${archiving[@]}" "$@"
