#!/usr/bin/env bash
# Measures the sandbox against Prism 5.14.2 mocking the same Finzly spec, in
# one run on this machine: create-then-get from 16 concurrent clients, the
# sandbox with each store, then Prism; and the 100,000-payment search.
# Needs Go and npm (Node.js 20).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
trap 'kill "${prism_pid:-0}" 2>/dev/null || true; rm -rf "$tmp"' EXIT
npm install --no-audit --no-fund --silent --prefix "$tmp" @stoplight/prism-cli@5.14.2
port="${PRISM_PORT:-4011}"
"$tmp/node_modules/.bin/prism" mock -v warn -h 127.0.0.1 -p "$port" api/finzly.yaml >"$tmp/prism.log" 2>&1 &
prism_pid=$!
for _ in $(seq 1 120); do
  curl -fs -o /dev/null -H 'Authorization: Bearer x' "http://127.0.0.1:$port/v3/payments/12930" && break
  sleep 0.5
done
PAYSPEC_PRISM_URL="http://127.0.0.1:$port" go test ./sandbox -run '^$' \
  -bench 'CreateThenGet|SearchAmong100kPayments' -benchtime "${BENCHTIME:-3s}" -count "${COUNT:-1}"
