# shellcheck shell=bash
# Sourced by the README's commands (scripts/build, test, quickstart). The compiler, Open MPI and
# the tests all make files under $TMPDIR; one that is missing, read-only, or so long that Open
# MPI's sockets under it pass Linux's 108-byte cap would fail them far from the cause. Such a
# TMPDIR is replaced by /tmp, with a note.
if [[ -n ${TMPDIR:-} ]]; then
  if [[ ! -d $TMPDIR || ! -w $TMPDIR ]]; then
    echo "$(basename "$0"): TMPDIR=$TMPDIR is not a writable folder; using /tmp instead" >&2
    export TMPDIR=/tmp
  elif ((${#TMPDIR} > 60)); then
    echo "$(basename "$0"): TMPDIR is ${#TMPDIR} characters long, too long for MPI's sockets" \
      "under it; using /tmp instead" >&2
    export TMPDIR=/tmp
  fi
fi
