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
# Block incremental: an incremental or differential backup stores the changed blocks of a file, not the whole 1 GB segment.
repo1-block=y
compress-type=zst
process-max=2
start-fast=y
archive-timeout=60
log-level-console=warn
log-level-file=info
log-path=/tmp/pgbackrest/log
lock-path=/tmp/pgbackrest/lock
spool-path=/tmp/pgbackrest/spool
${offsite_conf}

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

# The offsite repository (repo2, issue #7): an S3-compatible store in another place (MinIO or any S3), encrypted like
# repo1 with the same passphrase, so either repository alone restores. Configured when PAZPAZ_BACKUP_S3_ENDPOINT,
# _BUCKET, _KEY_FILE and _SECRET_FILE are all set; optional: PAZPAZ_BACKUP_S3_REGION (us-east-1), _CA_FILE, _PATH
# (/pgbackrest) and PAZPAZ_BACKUP_RETENTION_OFFSITE_DAYS (35: full backups are kept that many days, with the WAL they
# need). The keys come from file secrets and land only in the tmpfs configuration. pgBackRest's S3 client always speaks
# TLS (there is no plain-HTTP option) and verifies the store's certificate: against the system CAs, or the CA in
# PAZPAZ_BACKUP_S3_CA_FILE for a private one; verification is never switched off.
# WAL goes to every repository (archive-push); a backup goes to repo1 unless run with --repo=2. Archiving is async
# with two repositories, so repo1 keeps receiving WAL while the store is unreachable (PostgreSQL keeps each segment in
# pg_wal until both have it: watch pg_stat_archiver.failed_count and `pgbackrest check`).
offsite_conf=
offsite_fail() { echo "Offsite backup repository (repo2): $*" >&2; exit 1; }

# Reads a one-line file secret (newlines dropped, as for the passphrase); fails naming the variable when it cannot.
offsite_secret() {
  local variable=$1 value
  [ -r "${!variable}" ] || offsite_fail "$variable=${!variable} is not readable by uid $(id -u). Mount the file secret there, readable by that uid."
  value=$(tr -d '\r\n' < "${!variable}")
  [ -n "$value" ] || offsite_fail "$variable=${!variable} is empty. Write the value into the secret."
  printf '%s' "$value"
}

configure_offsite() {
  local variable given=() missing=()
  for variable in PAZPAZ_BACKUP_S3_ENDPOINT PAZPAZ_BACKUP_S3_BUCKET PAZPAZ_BACKUP_S3_KEY_FILE PAZPAZ_BACKUP_S3_SECRET_FILE; do
    if [ -n "${!variable:-}" ]; then given+=("$variable"); else missing+=("$variable"); fi
  done
  [ ${#given[@]} -gt 0 ] || return 0
  [ ${#missing[@]} -eq 0 ] || offsite_fail "${given[*]} set, but not ${missing[*]}. Set all four (or none, for no offsite copy)."
  [ -n "${PAZPAZ_BACKUP_PASSPHRASE_FILE:-}" ] || offsite_fail "set PAZPAZ_BACKUP_PASSPHRASE_FILE too: repo2 is encrypted (aes-256-cbc) with the repository passphrase, like repo1."
  [ -r "$PAZPAZ_BACKUP_PASSPHRASE_FILE" ] || { echo "PAZPAZ_BACKUP_PASSPHRASE_FILE=$PAZPAZ_BACKUP_PASSPHRASE_FILE is not readable by uid $(id -u)." >&2; exit 1; }

  local endpoint=$PAZPAZ_BACKUP_S3_ENDPOINT host port
  case $endpoint in
    *://*) offsite_fail "PAZPAZ_BACKUP_S3_ENDPOINT=$endpoint: give host[:port] without a scheme (pgBackRest always uses https), e.g. s3.eu-central-1.amazonaws.com or backup.example.org:9000." ;;
  esac
  [[ $endpoint =~ ^([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:([0-9]{1,5}))?$ ]] \
    || offsite_fail "PAZPAZ_BACKUP_S3_ENDPOINT=$endpoint is not host[:port] (a DNS name or IPv4 address, then an optional port), e.g. backup.example.org:9000."
  host=${BASH_REMATCH[1]} port=$((10#${BASH_REMATCH[4]:-443}))
  [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || offsite_fail "PAZPAZ_BACKUP_S3_ENDPOINT=$endpoint: port $port is not 1-65535."

  local bucket=$PAZPAZ_BACKUP_S3_BUCKET region=${PAZPAZ_BACKUP_S3_REGION:-us-east-1} path=${PAZPAZ_BACKUP_S3_PATH:-/pgbackrest}
  local days=${PAZPAZ_BACKUP_RETENTION_OFFSITE_DAYS:-35} ca=${PAZPAZ_BACKUP_S3_CA_FILE:-}
  [[ $bucket =~ ^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$ ]] \
    || offsite_fail "PAZPAZ_BACKUP_S3_BUCKET=$bucket is not an S3 bucket name (3-63 of a-z, 0-9, '.', '-'). Create the bucket first: pgBackRest does not."
  [[ $region =~ ^[a-z0-9][a-z0-9-]*$ ]] || offsite_fail "PAZPAZ_BACKUP_S3_REGION=$region is not a region name such as us-east-1 (MinIO's default)."
  [[ $path =~ ^/([A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)?$ ]] \
    || offsite_fail "PAZPAZ_BACKUP_S3_PATH=$path is not an absolute prefix in the bucket such as /pgbackrest (no trailing '/')."
  [[ $days =~ ^[1-9][0-9]{0,6}$ ]] || offsite_fail "PAZPAZ_BACKUP_RETENTION_OFFSITE_DAYS=$days is not a number of days (1-9999999)."
  if [ -n "$ca" ]; then
    [ -r "$ca" ] && grep -q -- '-----BEGIN CERTIFICATE-----' "$ca" \
      || offsite_fail "PAZPAZ_BACKUP_S3_CA_FILE=$ca is not a readable PEM certificate. Mount the CA that signed the store's certificate there."
  elif [ ! -s /etc/ssl/certs/ca-certificates.crt ]; then
    offsite_fail "this image has no system CA bundle to verify $host's certificate. Set PAZPAZ_BACKUP_S3_CA_FILE to the PEM of the CA that signed it (or add ca-certificates to the image)."
  fi

  local key secret
  key=$(offsite_secret PAZPAZ_BACKUP_S3_KEY_FILE)
  secret=$(offsite_secret PAZPAZ_BACKUP_S3_SECRET_FILE)
  offsite_conf="repo2-type=s3
repo2-path=$path
repo2-s3-endpoint=$host
repo2-storage-port=$port
repo2-s3-bucket=$bucket
repo2-s3-region=$region
repo2-s3-uri-style=path
repo2-s3-key=$key
repo2-s3-key-secret=$secret${ca:+
repo2-storage-ca-file=$ca}
repo2-cipher-type=aes-256-cbc
repo2-cipher-pass=$(tr -d '\n' < "$PAZPAZ_BACKUP_PASSPHRASE_FILE")
repo2-retention-full-type=time
repo2-retention-full=$days
repo2-bundle=y
repo2-block=y

[global:archive-push]
archive-async=y"
}

archiving=()
configure_offsite
if [ -n "${PAZPAZ_BACKUP_PASSPHRASE_FILE:-}" ]; then
  write_backup_conf
  offsite_conf=
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

# Server logs as JSON lines on `docker logs` (jsonlog: time, pid, error severity, message, SQL state, application…).
# PostgreSQL writes jsonlog only through its logging collector, which appends to files in log_directory: both files it
# opens (postgresql.json for jsonlog, postgresql.log for stray stderr output such as pgBackRest's warnings) are links
# to this script's stderr, kept as fd 3 because a restarted collector points its own fd 2 at /dev/null. No rotation:
# Docker's log driver rotates. Arguments given to the image come after, so `-c log_destination=stderr` undoes it.
exec 3>&2
install -d -m 0700 /tmp/pglog
ln -sfn /proc/self/fd/3 /tmp/pglog/postgresql.json
ln -sfn /proc/self/fd/3 /tmp/pglog/postgresql.log
json_logs=(-c logging_collector=on -c log_destination=jsonlog -c log_directory=/tmp/pglog -c log_filename=postgresql.log
           -c log_rotation_age=0 -c log_rotation_size=0)

exec postgres -D "$PGDATA" "${archiving[@]}" "${json_logs[@]}" "$@"
