# Shared by the scripts that load `payspec serve`; sourced, not run. It
# makes tmp, a scratch directory; on exit it stops every process listed in
# pids (the servers serve started, and any the caller adds) and removes
# tmp. The caller sets bin, the payspec binary, before calling serve.

tmp="$(mktemp -d)"
pids=()
cleanup() {
  kill_servers
  rm -rf "$tmp"
}
trap cleanup EXIT

# With two CPUs or more, the load generator runs on CPU 0 and each server on
# CPU 1, so that neither takes the other's share.
if [ "$(nproc)" -ge 2 ]; then
  gen_cpu=(taskset -c 0) srv_cpu=(taskset -c 1)
else
  gen_cpu=() srv_cpu=()
fi

# kill_servers: stops every process listed in pids.
kill_servers() {
  for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
}

# stop PID...: stops the given processes, waits for them and takes them off
# pids, so that the exit trap never signals a process id that may have
# been reused.
stop() {
  kill "$@" 2>/dev/null || true
  wait "$@" 2>/dev/null || true
  local keep=() p q gone
  for p in ${pids[@]+"${pids[@]}"}; do
    gone=""
    for q in "$@"; do [ "$p" = "$q" ] && gone=1; done
    [ -n "$gone" ] || keep+=("$p")
  done
  pids=(${keep[@]+"${keep[@]}"})
}

# serve NAME ARGS...: starts "$bin serve" on a free loopback port with
# GOMAXPROCS=1 on the server CPU, ARGS added, its output in $tmp/NAME.out
# and .err, and waits until it prints its address; sets url and pid.
# Variables set on the call (VAR=value serve ...) reach the server.
serve() {
  local name="$1"
  shift
  GOMAXPROCS=1 ${srv_cpu[@]+"${srv_cpu[@]}"} "$bin" serve --addr 127.0.0.1:0 "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  pids+=("$pid")
  url=""
  for _ in $(seq 1 240); do
    url="$(sed -n 's/^payspec sandbox listening on //p' "$tmp/$name.out" 2>/dev/null | head -n 1 || true)"
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { echo "payspec serve did not start: $(cat "$tmp/$name.err")" >&2; exit 1; }
}
