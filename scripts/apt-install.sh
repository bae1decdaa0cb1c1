#!/usr/bin/env bash
# `apt-install.sh TAG PACKAGE...`: installs Debian packages the way this project needs them, for
# setup-system.sh (what the tests need) and `npm start` (docker-registry for the embedded registry).
# Package postinst scripts start no system service (policy-rc.d): the project runs its own processes
# (lab dockerds, the registry, PostgreSQL, …) and leaves an engine already on this machine alone.
# docker-registry's own service is also disabled: the portal runs the registry as its child, and the
# package's service would take port 5000 at the next boot. Needs root; TAG prefixes the messages.
set -euo pipefail

tag=$1
shift
[ $# -gt 0 ] || exit 0
if [ "$(id -u)" != 0 ]; then
  echo "[$tag] missing packages: $*; run as root: apt-get install -y $*" >&2
  exit 1
fi
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=1
fi
trap '[ $created_policy = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
echo "[$tag] installing: $*"
export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
apt-get update -qq
apt-get install -y -qq $(printf '%s\n' "$@" | sort -u) >/dev/null
for p in "$@"; do
  if [ "$p" = docker-registry ]; then
    # systemd unit and SysV links; the state deb-systemd-helper keeps stops upgrades re-enabling it
    command -v deb-systemd-helper >/dev/null 2>&1 && { deb-systemd-helper disable docker-registry.service >/dev/null 2>&1 || true; }
    command -v update-rc.d >/dev/null 2>&1 && { update-rc.d docker-registry disable >/dev/null 2>&1 || true; }
  fi
done
echo "[$tag] done"
