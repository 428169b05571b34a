#!/usr/bin/env bash
# Measures the sandbox against Prism 5.14.2 mocking the same Finzly spec:
# create-then-get pairs from 16 concurrent clients, five rounds, each round
# loading Prism, the sandbox in memory, Prism, the sandbox with an SQLite
# --data file, then Prism again, one after the other. It prints each
# round's ratios (sandbox req/s over Prism req/s, from the same round) and
# their medians, and the same for the CPU time each server spent a pair
# (read from /proc), which other work on a shared machine disturbs less
# than req/s.
#
# Fair shares of a 2-CPU machine: the load generator runs on CPU 0 with
# GOMAXPROCS=1; each server runs as a process of its own on CPU 1 (the
# sandbox with GOMAXPROCS=1, Prism as the one Node.js process it is), and
# only one server is loaded at a time, with the same clients, the same
# body and the same concurrency. Prism compiles its code as it runs, so a
# first round, not counted, warms every server; the sandbox servers start
# afresh each round (an empty state and a new data file). A shared
# machine's speed drifts over seconds, so each sandbox is compared with the
# mean of the Prism loads just before and just after it.
#
# Needs Go, npm (Node.js 20), taskset (util-linux) and curl.
# Environment: ROUNDS (5), BENCHTIME (3s), PRISM_PORT (4011), PRISM_DIR (a
# directory to keep the Prism install in between runs; a temporary one by
# default), PAYSPEC_BIN (a payspec binary to measure instead of building
# this tree's), SEARCH=1 to run the 100,000-payment search benchmark too.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${ROUNDS:-5}"
benchtime="${BENCHTIME:-3s}"
source scripts/lib/serve.sh

prism_dir="${PRISM_DIR:-$tmp/prism}"
if [ ! -x "$prism_dir/node_modules/.bin/prism" ]; then
  npm install --no-audit --no-fund --silent --prefix "$prism_dir" @stoplight/prism-cli@5.14.2
fi
bin="${PAYSPEC_BIN:-}"
if [ -z "$bin" ]; then
  bin="$tmp/payspec"
  go build -o "$bin" ./cmd/payspec
fi
go test -c -o "$tmp/sandbox.test" ./sandbox

# wait_http URL: waits until URL answers.
wait_http() {
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null -H 'Authorization: Bearer x' "$1" && return 0
    sleep 0.25
  done
  echo "no answer from $1" >&2
  return 1
}

prism_port="${PRISM_PORT:-4011}"
${srv_cpu[@]+"${srv_cpu[@]}"} "$prism_dir/node_modules/.bin/prism" mock -v warn -h 127.0.0.1 -p "$prism_port" api/finzly.yaml \
  >"$tmp/prism.log" 2>&1 &
prism_pid=$!
pids+=("$prism_pid")
wait_http "http://127.0.0.1:$prism_port/v3/payments/12930"

# load PATTERN: runs the sub-benchmarks PATTERN names against the servers
# the environment gives, from the load generator's CPU.
load() {
  (cd sandbox && GOMAXPROCS=1 ${gen_cpu[@]+"${gen_cpu[@]}"} "$tmp/sandbox.test" -test.run '^$' \
    -test.bench "^BenchmarkCreateThenGet\$/($1)\$" -test.benchtime "$benchtime")
}

# round N: one run of the three servers, each sandbox bracketed by a load
# of Prism just before and just after it (Prism, memory, Prism, SQLite,
# Prism); leaves each load's result lines in $tmp/round-N-*.txt.
round() {
  serve "memory-$1"
  local mem_url="$url" mem_pid="$pid"
  serve "sqlite-$1" --data "$tmp/state-$1.db"
  local sql_url="$url" sql_pid="$pid"
  export PAYSPEC_PRISM_URL="http://127.0.0.1:$prism_port" PAYSPEC_PRISM_URL_PID="$prism_pid"
  load prism >"$tmp/round-$1-p1.txt"
  PAYSPEC_SANDBOX_URL="$mem_url" PAYSPEC_SANDBOX_URL_PID="$mem_pid" load sandbox-memory >"$tmp/round-$1-mem.txt"
  load prism >"$tmp/round-$1-p2.txt"
  PAYSPEC_SANDBOX_SQLITE_URL="$sql_url" PAYSPEC_SANDBOX_SQLITE_URL_PID="$sql_pid" load sandbox-sqlite >"$tmp/round-$1-sql.txt"
  load prism >"$tmp/round-$1-p3.txt"
  stop "$mem_pid" "$sql_pid"
}

# metric NAME UNIT FILE...: a sub-benchmark's figure in the given load
# results (the mean, over several).
metric() {
  local name="$1" unit="$2"
  shift 2
  cat "$@" | awk -v n="CreateThenGet/$name" -v u="$unit" '$1 ~ n { for (i = 2; i < NF; i++) if ($(i + 1) == u) { s += $i; k++ } }
    END { if (k) printf "%.6g\n", s / k }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "warming up (not counted)"
round 0
printf '%-6s %9s %9s %9s %7s %7s   %-22s %7s %7s\n' round memory sqlite prism mem/pr sql/pr 'server CPU ms a pair' mem/pr sql/pr
mem_ratios=() sql_ratios=() mem_cpu=() sql_cpu=()
for r in $(seq 1 "$rounds"); do
  round "$r"
  f="$tmp/round-$r"
  cat "$f-p1.txt" "$f-mem.txt" "$f-p2.txt" "$f-sql.txt" "$f-p3.txt" >>"$tmp/all.txt"
  m="$(metric sandbox-memory req/s "$f-mem.txt")" mc="$(metric sandbox-memory cpu-ms/pair "$f-mem.txt")"
  s="$(metric sandbox-sqlite req/s "$f-sql.txt")" sc="$(metric sandbox-sqlite cpu-ms/pair "$f-sql.txt")"
  # Each sandbox against Prism's loads on either side of it.
  pm="$(metric prism req/s "$f-p1.txt" "$f-p2.txt")" pmc="$(metric prism cpu-ms/pair "$f-p1.txt" "$f-p2.txt")"
  ps="$(metric prism req/s "$f-p2.txt" "$f-p3.txt")" psc="$(metric prism cpu-ms/pair "$f-p2.txt" "$f-p3.txt")"
  p="$(metric prism req/s "$f-p1.txt" "$f-p2.txt" "$f-p3.txt")" pc="$(metric prism cpu-ms/pair "$f-p1.txt" "$f-p2.txt" "$f-p3.txt")"
  mem_ratios+=("$(ratio "$m" "$pm")") sql_ratios+=("$(ratio "$s" "$ps")")
  mem_cpu+=("$(ratio "$pmc" "$mc")") sql_cpu+=("$(ratio "$psc" "$sc")")
  printf '%-6s %9s %9s %9s %7s %7s   %-22s %7s %7s\n' "$r" "$m" "$s" "$p" "${mem_ratios[-1]}" "${sql_ratios[-1]}" \
    "$mc / $sc / $pc" "${mem_cpu[-1]}" "${sql_cpu[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "median ratio of req/s, sandbox in memory / Prism: $(median "${mem_ratios[@]}")x"
echo "median ratio of req/s, sandbox with SQLite / Prism: $(median "${sql_ratios[@]}")x"
echo "median ratio of server CPU a pair, Prism / sandbox in memory: $(median "${mem_cpu[@]}")x"
echo "median ratio of server CPU a pair, Prism / sandbox with SQLite: $(median "${sql_cpu[@]}")x"
echo "all runs (benchstat input):"
grep '^Benchmark' "$tmp/all.txt"

if [ "${SEARCH:-0}" = 1 ]; then
  (cd sandbox && "$tmp/sandbox.test" -test.run '^$' -test.bench 'SearchAmong100kPayments' -test.benchtime "$benchtime")
fi
