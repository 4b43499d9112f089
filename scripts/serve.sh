#!/usr/bin/env bash
# Serve the app on 127.0.0.1:5000 with a video worker beside it; Ctrl-C stops both.
# Each runs in its own session so that Ctrl-C reaches only this script, which then sends both a
# SIGTERM: the web server finishes its requests; the worker hands any video it was processing
# back to the queue (it resumes on the next start).
# The worker runs under scripts/supervise.sh: if it dies it is restarted with a back-off while
# the web server keeps serving. gunicorn takes deploy/gunicorn.conf.py, which runs one process
# (with threads) while rate-limit counters live in process memory, so every limit holds.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-5000}"
if [ -f instance/demo-logins.json ]; then
  echo "Akun demo (juga tersimpan di instance/demo-logins.json):"
  .venv/bin/python -c 'import json; [print(f"  {e:<40} {p}") for e, p in json.load(open("instance/demo-logins.json")).items()]'
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo "Menghentikan server web dan worker video…"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

setsid scripts/supervise.sh --name "worker video" -- .venv/bin/flask --app wsgi contest worker &
pids+=("$!")
setsid .venv/bin/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:${PORT}" wsgi:app &
pids+=("$!")
echo "Buka http://127.0.0.1:${PORT} — tekan Ctrl-C untuk berhenti."
# If the web server (or the supervisor) stops, stop the other too (the EXIT trap).
wait -n || true
