#!/usr/bin/env bash
# Tear down everything scripts/lab/up.sh created; safe when nothing (or only part) is up.
# Kills only: dockerd pids recorded in the lab's pidfiles (checked against their cmdline),
# processes in the lab's cgroups (caas-lab-hN), and containerd / containerd-shims whose
# config/address lies under the lab dir (left over when a dockerd was SIGKILLed).
# Never touches another engine, /var/run/docker.sock or the root netns's firewall.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
log() { echo "lab: $*" >&2; }
T0=$(date +%s%N)
exec 9<"$HERE/env.sh"   # serialized with up.sh; tearing down wins over a stuck holder
flock -w 30 9 || log "lab lock still held after 30 s; tearing down anyway"

# ---- dockerds: SIGTERM, wait on the pids (a stale pidfile would hang a wait on files) ----------
pids=()
for h in "${CAAS_LAB_ALL_HOSTS[@]}"; do
  if p=$(lab_dockerd_pid "$h"); then kill "$p" 2>/dev/null && pids+=("$p"); fi
done
alive() { local p; for p in "${pids[@]}"; do [ -d "/proc/$p" ] && return 0; done; return 1; }
for _ in $(seq 1 200); do alive || break; sleep 0.1; done
if alive; then
  log "dockerd still running after 20 s, sending SIGKILL"
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
fi

# ---- leftovers of a SIGKILLed dockerd ---------------------------------------------------------
# container processes: members of the lab's cgroups (any v1 controller, or v2; each pid once)
cat /sys/fs/cgroup/*/"${CAAS_LAB_CGROUP_PREFIX}"h*/cgroup.procs \
    /sys/fs/cgroup/*/"${CAAS_LAB_CGROUP_PREFIX}"h*/*/cgroup.procs \
    /sys/fs/cgroup/"${CAAS_LAB_CGROUP_PREFIX}"h*/cgroup.procs \
    /sys/fs/cgroup/"${CAAS_LAB_CGROUP_PREFIX}"h*/*/cgroup.procs 2>/dev/null | sort -un \
  | while read -r p; do kill -9 "$p" 2>/dev/null && log "killed container pid $p"; done
# managed containerd and shims of a lab host: matched by their config/address path under the lab dir
for f in /proc/[0-9]*/cmdline; do
  cmd=$( { tr '\0' ' ' < "$f"; } 2>/dev/null ) || continue
  case "$cmd" in
    *containerd-shim*" -address $CAAS_LAB_DIR/h"[0-9]/*|containerd\ *"--config $CAAS_LAB_DIR/h"[0-9]/*|*/containerd\ *"--config $CAAS_LAB_DIR/h"[0-9]/*)
      p=${f#/proc/}; p=${p%/cmdline}
      kill -9 "$p" 2>/dev/null && log "killed ${cmd%% *} pid $p" ;;
  esac
done
sleep 0.2

# ---- mounts under the lab dirs, deepest first (dockerd mounts live in its private mount ns and go
# with it; this catches anything that leaked into the root ns, e.g. from an older lab version) ----
awk -v a="$CAAS_LAB_DIR/" -v b="$CAAS_LAB_RUN/" 'index($2, a) == 1 || index($2, b) == 1 {print $2}' /proc/mounts \
  | sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done

# ---- network: the root-side veth first (it lingers until the kernel reaps the LAN netns) -------
ip link del "$CAAS_LAB_VETH" 2>/dev/null
for h in "${CAAS_LAB_ALL_HOSTS[@]}"; do ip netns del "$(lab_netns "$h")" 2>/dev/null; done
ip netns del "$CAAS_LAB_LAN_NETNS" 2>/dev/null
# "ip netns add" bind-mounted /run/netns onto itself; undo that when no netns is left at all
if [ -d /run/netns ] && [ -z "$(ls -A /run/netns)" ]; then
  umount /run/netns 2>/dev/null; rmdir /run/netns 2>/dev/null
fi

# ---- cgroups (rmdir only removes empty ones; children first) ---------------------------------
find /sys/fs/cgroup -depth -type d -name "${CAAS_LAB_CGROUP_PREFIX}h*" 2>/dev/null | while read -r top; do
  find "$top" -depth -type d -exec rmdir {} \; 2>/dev/null
done

# ---- files: only what up.sh creates; the lab dir itself goes if nothing else lives there ------
for h in "${CAAS_LAB_ALL_HOSTS[@]}"; do rm -rf "${CAAS_LAB_DIR:?}/$h"; done
rm -rf "${CAAS_LAB_DIR:?}/rootfs.tmp" "${CAAS_LAB_DIR:?}/busybox-rootfs.tar" "${CAAS_LAB_DIR:?}/busybox-rootfs.tar.tmp"
# mountpoints up.sh had to create for the per-host shadows (only if still empty)
if [ -f "$CAAS_LAB_DIR/created-mountpoints" ]; then
  sort -ru "$CAAS_LAB_DIR/created-mountpoints" | while read -r p; do rmdir "$p" 2>/dev/null; done
  rm -f "$CAAS_LAB_DIR/created-mountpoints"
fi
rmdir "$CAAS_LAB_DIR" 2>/dev/null
rm -rf "$CAAS_LAB_RUN"

# ---- verify ----------------------------------------------------------------------------------
left=()
for h in "${CAAS_LAB_ALL_HOSTS[@]}"; do [ -e "/run/netns/$(lab_netns "$h")" ] && left+=("netns $(lab_netns "$h")"); done
[ -e "/run/netns/$CAAS_LAB_LAN_NETNS" ] && left+=("netns $CAAS_LAB_LAN_NETNS")
ip link show "$CAAS_LAB_VETH" >/dev/null 2>&1 && left+=("link $CAAS_LAB_VETH")
grep -qF " $CAAS_LAB_DIR/" /proc/mounts && left+=("mounts under $CAAS_LAB_DIR")
for f in /proc/[0-9]*/cmdline; do
  grep -qaF -- "$CAAS_LAB_DIR/h" "$f" 2>/dev/null && left+=("process ${f#/proc/}")
done
if [ ${#left[@]} -gt 0 ]; then
  log "left behind: ${left[*]}"
  exit 1
fi
log "down in $(( ($(date +%s%N) - T0) / 1000000 )) ms"
exit 0
