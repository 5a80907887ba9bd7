# shellcheck shell=bash disable=SC2034
# Shared by scripts/slurm-start and scripts/slurm-stop (sourced, not run): the layout of a
# single-node test cluster, and how to tell its processes by PID.
#
# BASE (any path, e.g. build/slurm-cluster, however long, spaces allowed) is the handle:
#   BASE/rundir (the private folder's path)  BASE/slurm.conf -> RUNDIR/slurm.conf
#   BASE/env (export SLURM_CONF=...)  BASE/ready (written once it is up)  BASE/log (the logs)
# RUNDIR (mktemp -d /tmp/coscan-slurm.XXXXXX) holds everything Slurm and munge open sockets in,
# because Linux caps a socket path at 108 bytes and slurmstepd names its sockets after the spool
# folder (SPOOL/HOST_JOB.STEP):
#   RUNDIR/slurm.conf  RUNDIR/base (BASE, to find orphans)  RUNDIR/run/*.pid  RUNDIR/log/*.log
#   RUNDIR/ctld (state)  RUNDIR/d (slurmd spool)  RUNDIR/tmp (PMIx)  RUNDIR/munge
#
# Every daemon is started with COSCAN_SLURM_CLUSTER=BASE in its environment, slurmstepd keeps
# RUNDIR/log/slurmd.log open, and job processes have SLURM_CONF=RUNDIR/slurm.conf and
# SLURM_JOB_ID: that is how slurm-stop finds what is left, by PID, never by name.

# Where private folders are made: /tmp itself (not $TMPDIR, which may be long or missing).
RUNDIR_PARENT=/tmp
RUNDIR_PATTERN='^/tmp/coscan-slurm\.[A-Za-z0-9]+$'

cluster_init() {
  [[ $# -eq 1 && -n $1 ]] || {
    echo "usage: $(basename "$0") BASE_DIR" >&2
    exit 2
  }
  BASE=$(realpath -m "$1")
  RUNDIR=""
  local recorded
  if [[ -r $BASE/rundir ]]; then
    recorded=$(head -c 200 "$BASE/rundir")
    [[ $recorded =~ $RUNDIR_PATTERN && -d $recorded ]] && RUNDIR=$recorded
  fi
  cluster_paths
}

# The paths under RUNDIR (empty RUNDIR: no cluster recorded, the paths name nothing).
cluster_paths() {
  CONF=${RUNDIR:-/nonexistent}/slurm.conf
  RUN=${RUNDIR:-/nonexistent}/run
  LOG=${RUNDIR:-/nonexistent}/log
  MUNGE_DIR=${RUNDIR:-/nonexistent}/munge
  MUNGE_SOCKET=$MUNGE_DIR/munge.socket
  SPOOL=${RUNDIR:-/nonexistent}/d
  export SLURM_CONF=$CONF
}

# True if PID is a live process (zombies count as gone: a killed daemon stays one briefly).
alive() {
  local pid=$1 state
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/stat ]] || return 1
  state=$(sed -E 's/^[0-9]+ \(.*\) ([A-Za-z]).*/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
  [[ -n $state && $state != Z && $state != X ]]
}

# True if PID belongs to this cluster: it carries the marker variable for BASE (the daemons),
# or holds a file of RUNDIR open (slurmstepd, which gets a clean environment).
ours() {
  local pid=$1 fd target
  alive "$pid" || return 1
  grep -qzxF "COSCAN_SLURM_CLUSTER=$BASE" "/proc/$pid/environ" 2>/dev/null && return 0
  [[ -n $RUNDIR ]] || return 1
  for fd in "/proc/$pid/fd/"*; do
    target=$(readlink "$fd" 2>/dev/null) || continue
    [[ $target == "$RUNDIR/"* ]] && return 0
  done
  return 1
}

# The PID in a pid file, if the process is alive and ours.
daemon_pid() {
  local file=$RUN/$1.pid pid
  [[ -n $RUNDIR && -r $file ]] || return 1
  pid=$(tr -dc '0-9' <"$file")
  ours "$pid" && echo "$pid"
}

# Every live process of this cluster (daemons, slurmstepd, job processes), by a scan of /proc.
cluster_pids() {
  local pid
  {
    grep -lzxF "COSCAN_SLURM_CLUSTER=$BASE" /proc/[0-9]*/environ 2>/dev/null || true
    if [[ -n $RUNDIR ]]; then
      find /proc/[0-9]*/fd -maxdepth 1 -lname "$RUNDIR/*" 2>/dev/null || true
      # Job processes: slurmd gives them SLURM_CONF and SLURM_JOB_ID.
      grep -lzxF "SLURM_CONF=$CONF" /proc/[0-9]*/environ 2>/dev/null |
        xargs -r grep -lzE '^SLURM_JOB_ID=' 2>/dev/null || true
    fi
  } | cut -d/ -f3 | sort -un | while read -r pid; do
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    alive "$pid" && echo "$pid"
  done
  return 0
}
