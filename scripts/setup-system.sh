#!/usr/bin/env bash
# Installs the system parts the tests and the multi-host lab need, from Debian's packages:
# docker.io (dockerd for the lab engines; its system service is NOT started), busybox-static (the
# lab's base image), chromium (Playwright's browser), docker-registry (CNCF Distribution, run by
# the project's own scripts, never as the package's service), postgresql (server binaries for
# scripts/pg.mjs; the system cluster is not started). Idempotent; needs root.
set -euo pipefail

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || need+=(busybox-static)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v nsenter >/dev/null 2>&1 || need+=(util-linux)
command -v iptables >/dev/null 2>&1 || need+=(iptables)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v flock >/dev/null 2>&1 || need+=(util-linux)
command -v jq >/dev/null 2>&1 || need+=(jq)   # scripts/lab/up.sh merges a lab host's daemon.extra.json
# PostgreSQL server binaries for the integration-pg tier (scripts/pg.mjs runs a private server;
# the package's own cluster service is never started: policy-rc.d below).
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v slapd >/dev/null 2>&1 && command -v ldapadd >/dev/null 2>&1 || need+=(slapd ldap-utils)
# Observability tests (issue 19): a real Prometheus server and a real syslog receiver, each run by the
# test as a child with its own config (the packages' system services are never started).
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/sbin/rsyslogd ] || need+=(rsyslog)
# Hosts over ssh:// (issue 15): the host-endpoints suite runs its own sshd (own config, keys and port)
# inside a lab namespace; the package's system service is never started.
[ -x /usr/sbin/sshd ] || need+=(openssh-server)

if [ ${#need[@]} -eq 0 ]; then
  echo "[setup-system] all system packages present"
  exit 0
fi
# root check, no service started, apt-get: scripts/apt-install.sh (shared with `npm start`)
exec bash "$(dirname "$0")/apt-install.sh" setup-system "${need[@]}"
