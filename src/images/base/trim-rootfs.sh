#!/usr/bin/env bash
# Trims a debootstrap'd root filesystem the way the official debian:*-slim images are trimmed, points apt at the
# given mirrors with the -updates and -security suites, and applies their pending updates.
# Usage: trim-rootfs.sh <rootfs> <suite> <mirror-url> <security-mirror-url>
set -euo pipefail
rootfs=$1 suite=$2 mirror=$3 security=$4
cd "$rootfs"

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

# debootstrap installs the suite's main archive only, which trails -security until the next point release; without
# this, every image would start with the base's pending security fixes (the Scan gate's DebianSecurityScanner finds
# them). The chroot needs /proc and the host's DNS; both are undone before the rootfs is imported.
# Move, never copy through, whatever debootstrap left as resolv.conf: a symlink's target would be the host's file.
if [ -e etc/resolv.conf ] || [ -L etc/resolv.conf ]; then mv etc/resolv.conf etc/resolv.conf.bootstrap; fi
cp -L /etc/resolv.conf etc/resolv.conf
mount -t proc proc proc
restore() {
  umount proc
  rm -f etc/resolv.conf
  if [ -e etc/resolv.conf.bootstrap ] || [ -L etc/resolv.conf.bootstrap ]; then mv etc/resolv.conf.bootstrap etc/resolv.conf; fi
}
trap restore EXIT
chroot . apt-get update -qq
chroot . env DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y -qq -o Dpkg::Options::=--force-confold -o Dpkg::Use-Pty=0
trap - EXIT
restore

rm -rf var/cache/apt/archives/*.deb var/cache/apt/archives/partial/* var/cache/apt/*.bin var/lib/apt/lists/* var/log/*.log var/log/apt/*

find usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete
find usr/share/doc -mindepth 1 -type d -empty -delete
rm -rf usr/share/man/* usr/share/info/* usr/share/groff/* usr/share/lintian/* usr/share/linda/*
find usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +

