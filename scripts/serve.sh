#!/usr/bin/env bash
# Serve the app on 127.0.0.1:5000; stop cleanly on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f instance/demo-logins.json ]; then
  echo "Akun demo (juga tersimpan di instance/demo-logins.json):"
  .venv/bin/python -c 'import json; [print(f"  {e:<40} {p}") for e, p in json.load(open("instance/demo-logins.json")).items()]'
fi
echo "Buka http://127.0.0.1:5000 — tekan Ctrl-C untuk berhenti."
exec .venv/bin/gunicorn --bind 127.0.0.1:5000 --workers 2 --threads 4 --access-logfile - wsgi:app
