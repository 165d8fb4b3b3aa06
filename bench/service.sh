#!/usr/bin/env bash
# bench/service.sh: poh-service under load from a second process on loopback (wrk, from
# Debian), with a 100-resource prefetch (bench/service_request.py). Writes
# target/bench/service.json and target/bench/service.md; bench/run.sh calls it. Figures are
# reported, never asserted. Two runs:
#   throughput: wrk -t2 -c32 for BENCH_SERVICE_SECONDS (default 10) on both cores, the
#               service and wrk sharing them;
#   latency:    about 500 requests/s (wrk -t1 -c10, each connection pausing 18 ms
#               between requests: closed loop, so the rate achieved is reported too),
#               p50/p90/p99 from wrk --latency;
#   memory:     the service's VmRSS after each run and VmHWM (peak) at the end.
# The service runs with --insecure-no-auth: wrk cannot sign a fresh ES384 token per
# request (each jti is accepted once), so JWT verification is not in these figures.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
out="${CARGO_TARGET_DIR:-$root/target}/bench"
mkdir -p "$out"
secs="${BENCH_SERVICE_SECONDS:-10}"
command -v wrk >/dev/null || { echo "wrk is not installed (make setup installs it)"; exit 1; }
cargo build -q --release -p poh-service
bin="${CARGO_TARGET_DIR:-$root/target}/release/poh-service"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$out/service-bench.toml" <<TOML
public_url = "http://127.0.0.1:$port"
[limits]
concurrency = 512
assessments = 10000
TOML
"$bin" --listen "127.0.0.1:$port" --config "$out/service-bench.toml" --insecure-no-auth \
    > "$out/service-bench.stdout" 2> "$out/service-bench.stderr" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
python3 bench/service_request.py "$(curl -fs "http://127.0.0.1:$port/cds-services")" "$out/service-request.json"
cat > "$out/service-post.lua" <<'LUA'
local f = assert(io.open(os.getenv("POH_BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local pause = tonumber(os.getenv("POH_BENCH_PAUSE_MS") or "0")
function delay() return pause end
local bad = 0
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
LUA
# One request first: it must answer 200 with one card.
curl -fs -H 'Content-Type: application/json' --data-binary @"$out/service-request.json" \
    "http://127.0.0.1:$port/cds-services/poh-patient-view" > "$out/service-response.json"
rss() { awk "/^$1:/{print \$2}" /proc/$pid/status; }
# The service's CPU time (user + system, clock ticks): on a shared machine the rate wrk
# reaches depends on the other load, CPU time per request does not (much).
cpu_ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
tick_hz=$(getconf CLK_TCK)
load_before=$(cut -d' ' -f1 /proc/loadavg)
cpu0=$(cpu_ticks)
export POH_BENCH_BODY="$out/service-request.json"
POH_BENCH_PAUSE_MS=0 wrk -t2 -c32 -d"${secs}s" --latency -s "$out/service-post.lua" \
    "http://127.0.0.1:$port/cds-services/poh-patient-view" > "$out/service-wrk-throughput.txt"
rss_tp=$(rss VmRSS)
cpu1=$(cpu_ticks)
POH_BENCH_PAUSE_MS=18 wrk -t1 -c10 -d"${secs}s" --latency -s "$out/service-post.lua" \
    "http://127.0.0.1:$port/cds-services/poh-patient-view" > "$out/service-wrk-500.txt"
rss_lat=$(rss VmRSS)
hwm=$(rss VmHWM)
python3 - "$out" "$rss_tp" "$rss_lat" "$hwm" "$secs" "$((cpu1 - cpu0))" "$tick_hz" "$load_before" <<'PY'
import json, re, sys
from pathlib import Path
out, rss_tp, rss_lat, hwm, secs = Path(sys.argv[1]), *map(int, sys.argv[2:5]), sys.argv[5]
cpu_s = int(sys.argv[6]) / int(sys.argv[7])
load = sys.argv[8]
def parse(p):
    t = p.read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    lat = {m.group(1): m.group(2) for m in re.finditer(r"^\s+(50|75|90|99)%\s+(\S+)", t, re.M)}
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    sock = re.search(r"Socket errors: (.*)", t)
    return {"requests_per_s": rps, "latency": lat, "non_2xx": int(errs.group(1)) if errs else 0,
            "socket_errors": sock.group(1) if sock else "none"}
resp = json.loads((out / "service-response.json").read_text())
r = {"throughput": parse(out / "service-wrk-throughput.txt"), "rate_500": parse(out / "service-wrk-500.txt"),
     "rss_kib_after_throughput": rss_tp, "rss_kib_after_500": rss_lat, "rss_peak_kib": hwm,
     "cards_per_response": len(resp["cards"]), "seconds": secs, "load_average_before": load}
done = r["throughput"]["requests_per_s"] * float(secs)
r["service_cpu_ms_per_request"] = 1000 * cpu_s / done if done else None
cpu_ms = r["service_cpu_ms_per_request"]
(out / "service.json").write_text(json.dumps(r, indent=1))
tp, lt = r["throughput"], r["rate_500"]
md = f"""## CDS Hooks service under load (bench/service.sh)

poh-service (release) on loopback, `--insecure-no-auth` (no JWT check: wrk cannot sign a
fresh token per request), a patient-view request with a 100-resource prefetch
(bench/service_request.py), {len(resp['cards'])} card per response; wrk from a second
process, the two sharing the machine's 2 cores, {secs} s per run.

| run | requests/s | p50 | p90 | p99 | non-2xx | target |
|---|---|---|---|---|---|---|
| throughput (`wrk -t2 -c32`) | {tp['requests_per_s']:,.0f} | {tp['latency'].get('50')} | {tp['latency'].get('90')} | {tp['latency'].get('99')} | {tp['non_2xx']} | >= 2,000 req/s |
| about 500 req/s (`wrk -t1 -c10`, 18 ms pause: closed loop, the rate reached is in the next column) | {lt['requests_per_s']:,.0f} | {lt['latency'].get('50')} | {lt['latency'].get('90')} | {lt['latency'].get('99')} | {lt['non_2xx']} | p99 <= 20 ms |

Service CPU time per request in the throughput run: {cpu_ms:.2f} ms (user + system), so
two cores given to the service alone would serve about {2000 / cpu_ms:,.0f} requests/s
(derived, not measured). Load average when the run started: {load} (other work on the
machine shares its cores: the rates above are what was left).

Memory: VmRSS {rss_tp/1024:.1f} MiB after the throughput run, {rss_lat/1024:.1f} MiB after the
500 req/s run; peak (VmHWM) {hwm/1024:.1f} MiB (the page store holds at most 10,000 assessments).
"""
(out / "service.md").write_text(md)
print(md)
PY
kill -TERM $pid
wait $pid
trap - EXIT
