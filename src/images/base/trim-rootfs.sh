#!/usr/bin/env bash
# Trims a debootstrap'd root filesystem the way the official debian:*-slim images are trimmed, and points apt at the
# given mirrors with the -updates and -security suites.
# Usage: trim-rootfs.sh <rootfs> <suite> <mirror-url> <security-mirror-url>
set -euo pipefail
rootfs=$1 suite=$2 mirror=$3 security=$4
cd "$rootfs"

rm -rf var/cache/apt/archives/*.deb var/cache/apt/*.bin var/lib/apt/lists/* var/log/*.log var/log/apt/*

# Future package installs skip documentation and locales, like the official slim image.
cat > etc/dpkg/dpkg.cfg.d/docker-slim <<'CONF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CONF
cat > etc/apt/apt.conf.d/docker-clean <<'CONF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CONF
cat > etc/apt/apt.conf.d/docker-no-recommends <<'CONF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CONF

find usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete
find usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf usr/share/man/* usr/share/info/* usr/share/groff/* usr/share/lintian/* usr/share/linda/*
find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +

rm -f etc/apt/sources.list
cat > etc/apt/sources.list.d/debian.sources <<CONF
Types: deb
URIs: ${mirror}
Suites: ${suite} ${suite}-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${security}
Suites: ${suite}-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
CONF
