#!/usr/bin/env bash
# Bring up the multi-host engine lab: three Docker engines h1..h3, each in its own network
# namespace on a private LAN 10.77.0.0/24 (root side 10.77.0.1 on veth caas0), each with the
# image lab/busybox:latest. No swarm: the portal inits/joins when hosts are added.
#   up.sh [1|2|all]   set 1 is h1..h3 (default, or $CAAS_LAB_SET); set 2 is h4..h6 (10.77.0.14-16),
#                     for a second test tier running at the same time (env.sh)
# Idempotent: whatever is already up is kept (a dead host's dockerd is restarted on its old state).
# stdout: exactly one "<name> <endpoint>" line per host; everything else goes to stderr.
# Recipe and pitfalls: /work/shared/toolchain/multi-host-lab.md
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
case "${1:-}" in
  "") ;;
  all) CAAS_LAB_HOSTS=("${CAAS_LAB_ALL_HOSTS[@]}") ;;
  # shellcheck disable=SC2207
  1 | 2) CAAS_LAB_HOSTS=($(lab_set_hosts "$1")) ;;
  *) echo "usage: up.sh [1|2|all]" >&2; exit 2 ;;
esac

log() { echo "lab: $*" >&2; }
die() { echo "lab: $*" >&2; exit 1; }
T0=$(date +%s%N)
trap 'echo "lab: up.sh failed at line $LINENO; \`bash scripts/lab/down.sh\` removes what it created" >&2' ERR
# up and down must not interleave (two test runs starting at once): lock a file both scripts own
exec 9<"$HERE/env.sh"
flock -w 120 9 || die "another scripts/lab/up.sh or down.sh has been running for 2 minutes"

[ "$(id -u)" = 0 ] || die "must run as root (network namespaces, dockerd)"
missing=()
for c in dockerd containerd runc docker-init docker ip nsenter unshare setsid chroot flock jq; do
  command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
[ -x /bin/busybox ] || missing+=("/bin/busybox (busybox-static)")
if [ ${#missing[@]} -gt 0 ]; then
  die "missing: ${missing[*]}. Run: bash scripts/setup-system.sh"
fi

# A foreign route/address for the lab subnet would make 10.77.0.1N ambiguous: refuse, never fix.
if ip -o -4 addr show | awk -v v="$CAAS_LAB_VETH" '$2 != v && $4 ~ /^10\.77\.0\./ {f=1} END {exit !f}'; then
  die "10.77.0.0/24 is already used by another interface; the lab needs it"
fi

mkdir -p "$CAAS_LAB_DIR" "$CAAS_LAB_RUN"

# ---- virtual LAN -----------------------------------------------------------------------------
# The bridge lives in its own netns so the root netns's firewall never sees host<->host frames.
netns_exists() { [ -e "/run/netns/$1" ]; }
if ! netns_exists "$CAAS_LAB_LAN_NETNS"; then
  ip netns add "$CAAS_LAB_LAN_NETNS"
  ip -n "$CAAS_LAB_LAN_NETNS" link set lo up
fi
if ! ip -n "$CAAS_LAB_LAN_NETNS" link show br0 >/dev/null 2>&1; then
  ip -n "$CAAS_LAB_LAN_NETNS" link add br0 type bridge
  ip -n "$CAAS_LAB_LAN_NETNS" link set br0 up
fi
if ! ip link show "$CAAS_LAB_VETH" >/dev/null 2>&1; then
  ip link add "$CAAS_LAB_VETH" type veth peer name "$CAAS_LAB_VETH-br" netns "$CAAS_LAB_LAN_NETNS"
  ip -n "$CAAS_LAB_LAN_NETNS" link set "$CAAS_LAB_VETH-br" master br0 up
  ip addr add "$CAAS_LAB_ROOT_IP/$CAAS_LAB_PREFIX_LEN" dev "$CAAS_LAB_VETH"
  ip link set "$CAAS_LAB_VETH" up
fi
for h in "${CAAS_LAB_HOSTS[@]}"; do
  ns=$(lab_netns "$h")
  if ! netns_exists "$ns"; then
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  fi
  if ! ip -n "$ns" link show eth0 >/dev/null 2>&1; then
    # deliberately no default route: nothing leaves 10.77.0.0/24 (registry lookups fail fast)
    ip link add eth0 netns "$ns" type veth peer name "$h-br" netns "$CAAS_LAB_LAN_NETNS"
    ip -n "$CAAS_LAB_LAN_NETNS" link set "$h-br" master br0 up
    ip -n "$ns" addr add "$(lab_ip "$h")/$CAAS_LAB_PREFIX_LEN" dev eth0
    ip -n "$ns" link set eth0 up
  fi
done

# ---- busybox rootfs (built once) -------------------------------------------------------------
TAR="$CAAS_LAB_DIR/busybox-rootfs.tar"
if [ ! -s "$TAR" ]; then
  R="$CAAS_LAB_DIR/rootfs.tmp"
  rm -rf "$R"
  mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,var/www,proc,sys,dev}
  cp /bin/busybox "$R/bin/busybox"
  /bin/busybox --list-full | while read -r p; do
    [ "$p" = bin/busybox ] || ln -sf /bin/busybox "$R/$p"
  done
  chmod 1777 "$R/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$R/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$R/etc/group"
  echo '<h1>hello from busybox</h1>' > "$R/var/www/index.html"
  # A dynamically linked busybox would produce an image that cannot start: prove it runs alone.
  chroot "$R" /bin/sh -c true 2>/dev/null \
    || { rm -rf "$R"; die "/bin/busybox is not static. Run: bash scripts/setup-system.sh"; }
  tar -C "$R" -cf "$TAR.tmp" .
  mv "$TAR.tmp" "$TAR"
  rm -rf "$R"
fi

# ---- dockerds --------------------------------------------------------------------------------
# shellcheck source=dockerd.sh
. "$HERE/dockerd.sh"

started=()
for h in "${CAAS_LAB_HOSTS[@]}"; do
  if lab_dockerd_pid "$h" >/dev/null; then continue; fi
  write_config "$h"
  start_dockerd "$h"
  started+=("$h")
done
for h in "${CAAS_LAB_HOSTS[@]}"; do wait_dockerd "$h"; done
if [ ${#started[@]} -gt 0 ]; then log "started dockerd on ${started[*]}"; fi

# ---- image -----------------------------------------------------------------------------------
pids=()
for h in "${CAAS_LAB_HOSTS[@]}"; do
  if ! lab_docker "$h" image inspect "$CAAS_LAB_IMAGE" >/dev/null 2>&1; then
    lab_docker "$h" import --change 'CMD ["/bin/sh"]' \
      --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      "$TAR" "$CAAS_LAB_IMAGE" >/dev/null &
    pids+=($!)
  fi
done
for p in "${pids[@]}"; do wait "$p" || die "importing $CAAS_LAB_IMAGE failed"; done

log "up in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
for h in "${CAAS_LAB_HOSTS[@]}"; do echo "$h $(lab_endpoint "$h")"; done
