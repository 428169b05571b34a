#!/usr/bin/env bash
# Regenerates cmd/payspec/default.pgo, the CPU profile the Go toolchain uses
# to optimise builds of the payspec command (profile-guided optimisation:
# https://go.dev/doc/pgo). The profile is of `payspec serve` answering the
# load scripts/bench-sandbox.sh measures, create-then-get pairs of v4
# Fedwire payments from 16 clients: once in memory and once with an SQLite
# --data file, merged. Run it after changes to the serving or validation
# path and commit the new default.pgo; a stale profile still builds and
# still helps, only less.
#
# Needs Go; taskset (util-linux) is used when there are two CPUs or more.
# Environment: SECONDS_EACH (12), how long each server is profiled.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${SECONDS_EACH:-12}"
source scripts/lib/serve.sh

# A build without the previous profile, so that the new one does not
# depend on it.
bin="$tmp/payspec"
go build -pgo=off -tags pgoprofile -o "$bin" ./cmd/payspec
go test -c -o "$tmp/sandbox.test" ./sandbox

# profile NAME ENV BENCH ARGS...: profiles a server started with ARGS under
# the load of the sub-benchmark BENCH, its URL given in the variable ENV.
profile() {
  local name="$1" env="$2" bench="$3"
  shift 3
  PAYSPEC_CPUPROFILE="$tmp/$name.pprof" PAYSPEC_CPUPROFILE_SECONDS="$seconds" serve "$name" "$@"
  if ! (cd sandbox && env "$env=$url" "${env}_PID=$pid" GOMAXPROCS=1 ${gen_cpu[@]+"${gen_cpu[@]}"} "$tmp/sandbox.test" \
    -test.run '^$' -test.bench "^BenchmarkCreateThenGet\$/$bench\$" -test.benchtime "$((seconds + 2))s" >"$tmp/$name.load" 2>&1); then
    cat "$tmp/$name.load" >&2
    echo "the load on the $name server failed" >&2
    exit 1
  fi
  for _ in $(seq 1 100); do
    [ -s "$tmp/$name.pprof" ] && break
    sleep 0.1
  done
  stop "$pid"
  [ -s "$tmp/$name.pprof" ] || { echo "no profile from the $name server: $(cat "$tmp/$name.err")" >&2; exit 1; }
}

profile memory PAYSPEC_SANDBOX_URL sandbox-memory
profile sqlite PAYSPEC_SANDBOX_SQLITE_URL sandbox-sqlite --data "$tmp/state.db"
# Written aside and moved into place, so that a failure leaves the
# committed profile as it was.
go tool pprof -proto "$tmp/memory.pprof" "$tmp/sqlite.pprof" >"$tmp/default.pgo"
[ -s "$tmp/default.pgo" ] || { echo "pprof wrote an empty profile" >&2; exit 1; }
mv "$tmp/default.pgo" cmd/payspec/default.pgo
echo "wrote cmd/payspec/default.pgo ($(wc -c <cmd/payspec/default.pgo) bytes)"
