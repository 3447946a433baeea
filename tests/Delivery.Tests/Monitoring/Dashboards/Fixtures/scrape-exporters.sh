#!/bin/sh
# Runs inside debian:trixie-slim: installs the services and Debian's exporters, starts them, and dumps /metrics.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql redis-server nginx-light curl \
  prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter prometheus-node-exporter >/dev/null 2>&1 || \
apt-get install -y -qq --no-install-recommends postgresql redis-server nginx curl \
  prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter prometheus-node-exporter >/dev/null
dpkg-query -W prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter prometheus-node-exporter postgresql redis-server > /out/versions.txt
PGV=$(ls /usr/lib/postgresql)
pg_ctlcluster $PGV main start
su postgres -c "psql -c \"alter user postgres password 'pw'\"" >/dev/null
su postgres -c "psql -c \"create database pazpaz\"" >/dev/null
redis-server --daemonize yes
cat > /etc/nginx/sites-enabled/default <<'NG'
server { listen 8080; location = /stub_status { stub_status; } }
NG
nginx
mkdir -p /var/lib/node-exporter-textfile
DATA_SOURCE_NAME="postgresql://postgres:pw@127.0.0.1:5432/postgres?sslmode=disable" prometheus-postgres-exporter --web.listen-address=:9187 >/out/pg.log 2>&1 &
prometheus-redis-exporter -redis.addr redis://127.0.0.1:6379 -web.listen-address :9121 >/out/redis.log 2>&1 &
prometheus-nginx-exporter --nginx.scrape-uri=http://127.0.0.1:8080/stub_status --web.listen-address=:9113 >/out/nginx.log 2>&1 || \
prometheus-nginx-exporter -nginx.scrape-uri=http://127.0.0.1:8080/stub_status -web.listen-address=:9113 >/out/nginx.log 2>&1 &
prometheus-node-exporter --web.listen-address=:9100 --collector.textfile.directory=/var/lib/node-exporter-textfile >/out/node.log 2>&1 &
sleep 6
for p in 9187 9121 9113 9100; do curl -s http://127.0.0.1:$p/metrics > /out/metrics-$p.txt; done
ls -la /out
