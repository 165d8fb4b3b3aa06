#!/usr/bin/env bash
# tools/sh/stages.sh STAGE...: run each `make STAGE` in order, print how long each took,
# and close with a table of every stage's time and result (what `make test` runs, so that
# a CI log says where its minutes went).
#
# A stage written `bg:NAME` is started in the background at that point (its output goes
# to a log under the target directory) and joined at the end, where its log is printed
# whole and its result counted like any other. For a stage that keeps one core busy for
# minutes and shares no build directory with the others (Miri interprets on one thread,
# in target/miri), while the stages after it compile on two cores and run single-threaded
# tools (valgrind, QEMU, pytest) that leave one idle.
#
# The first stage (`setup`) failing stops the run: nothing after it can work. A later
# stage failing does not: the others are independent and still run, so one log shows every
# failure; the exit status is 1 if any stage failed.
set -uo pipefail

make_cmd="${MAKE:-make}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bg_dir=""
names=()
times=()
results=()
bg_names=()
bg_pids=()
bg_starts=()
any_failed=0
t0=$(date +%s)

record() { # name seconds result
  echo "==== make $1: $3 in $2 s"
  names+=("$1")
  times+=("$2")
  results+=("$3")
  [ "$3" = ok ] || any_failed=1
}

stop_background() {
  for pid in "${bg_pids[@]}"; do
    kill -- "$pid" 2>/dev/null
  done
}
trap 'stop_background; exit 130' INT TERM

for stage in "$@"; do
  if [[ "$stage" == bg:* ]]; then
    name="${stage#bg:}"
    if [ -z "$bg_dir" ]; then
      # The target directory as every script finds it (after setup: cargo is there).
      bg_dir="$(bash -c "source '$here/harness.sh' >/dev/null && echo \"\$POH_TARGET\"")/stages"
      mkdir -p "$bg_dir"
    fi
    echo "==== make $name: started in the background ($(date -u +%H:%M:%S) UTC; log $bg_dir/$name.log, printed at the end)"
    "$make_cmd" --no-print-directory "$name" >"$bg_dir/$name.log" 2>&1 &
    bg_names+=("$name")
    bg_pids+=("$!")
    bg_starts+=("$(date +%s)")
    continue
  fi
  echo "==== make $stage ($(date -u +%H:%M:%S) UTC)"
  start=$(date +%s)
  if "$make_cmd" --no-print-directory "$stage"; then
    result=ok
  else
    result=FAIL
  fi
  record "$stage" "$(($(date +%s) - start))" "$result"
  if [ "$result" = FAIL ] && [ "$stage" = setup ]; then
    echo "setup failed: the stages after it need what it installs; stopping"
    stop_background
    break
  fi
done
for i in "${!bg_names[@]}"; do
  name="${bg_names[$i]}"
  echo "==== make $name (background): waiting ($(date -u +%H:%M:%S) UTC)"
  if wait "${bg_pids[$i]}"; then
    result=ok
  else
    result=FAIL
  fi
  # The stage's own time, from its start to its end (its log's last write).
  end=$(stat -c %Y "$bg_dir/$name.log" 2>/dev/null || date +%s)
  cat "$bg_dir/$name.log"
  record "$name" "$((end - bg_starts[i]))" "$result"
done
total=$(($(date +%s) - t0))
echo
echo "stage                 seconds  result"
for i in "${!names[@]}"; do
  printf '%-20s %8d  %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
done
printf '%-20s %8d  (wall clock; background stages overlap the others)\n' "total" "$total"
exit "$any_failed"
