#!/usr/bin/env bash
# tools/sh/stages.sh STAGE...: run each `make STAGE` in order, print how long each took,
# and close with a table of every stage's time and result (what `make test` runs, so that
# a CI log says where its minutes went).
#
# The first stage (`setup`) failing stops the run: nothing after it can work. A later
# stage failing does not: the others are independent and still run, so one log shows every
# failure; the exit status is 1 if any stage failed.
set -uo pipefail

make_cmd="${MAKE:-make}"
names=()
times=()
results=()
any_failed=0
t0=$(date +%s)
for stage in "$@"; do
  echo "==== make $stage ($(date -u +%H:%M:%S) UTC)"
  start=$(date +%s)
  if "$make_cmd" --no-print-directory "$stage"; then
    result=ok
  else
    result=FAIL
    any_failed=1
  fi
  secs=$(($(date +%s) - start))
  echo "==== make $stage: $result in ${secs} s"
  names+=("$stage")
  times+=("$secs")
  results+=("$result")
  if [ "$result" = FAIL ] && [ "$stage" = setup ]; then
    echo "setup failed: the stages after it need what it installs; stopping"
    break
  fi
done
total=$(($(date +%s) - t0))
echo
echo "stage                 seconds  result"
for i in "${!names[@]}"; do
  printf '%-20s %8d  %s\n' "${names[$i]}" "${times[$i]}" "${results[$i]}"
done
printf '%-20s %8d\n' "total" "$total"
exit "$any_failed"
