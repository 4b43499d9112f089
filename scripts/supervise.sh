#!/usr/bin/env bash
# Keep one command running: when it exits on its own it is started again after a back-off
# (1 s, then doubling up to 60 s; back to 1 s once a run lasted 60 s), so a crashing video worker
# neither takes the web server down with it nor spins the CPU. SIGTERM/SIGINT are passed on to
# the command, and the supervisor exits when the command has stopped.
#   scripts/supervise.sh [--name NAME] [--min-delay S] [--max-delay S] [--stable S] -- COMMAND [ARG...]
set -uo pipefail
name="proses" min_delay=1 max_delay=60 stable=60
while [ $# -gt 0 ]; do
  case "$1" in
    --name) name="$2"; shift 2 ;;
    --min-delay) min_delay="$2"; shift 2 ;;
    --max-delay) max_delay="$2"; shift 2 ;;
    --stable) stable="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "supervise.sh: opsi tidak dikenal: $1" >&2; exit 2 ;;
  esac
done
[ $# -gt 0 ] || { echo "supervise.sh: perintah tidak ada (… -- PERINTAH)" >&2; exit 2; }

child="" stopping=0
stop() {
  stopping=1
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap stop TERM INT

delay=$min_delay
while :; do
  started=$SECONDS
  "$@" &
  child=$!
  # `wait` returns early when a signal arrives; keep waiting until the command itself has ended.
  while :; do
    wait "$child"
    status=$?
    kill -0 "$child" 2>/dev/null || break
  done
  child=""
  [ "$stopping" = 1 ] && exit 0
  if [ $((SECONDS - started)) -ge "$stable" ]; then delay=$min_delay; fi
  echo "[$name] berhenti (kode $status); dijalankan ulang dalam $delay detik…" >&2
  sleep "$delay" & wait $! 2>/dev/null
  [ "$stopping" = 1 ] && exit 0
  delay=$((delay * 2 > max_delay ? max_delay : delay * 2))
done
