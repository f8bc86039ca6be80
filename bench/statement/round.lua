-- wrk script for the statement benchmark: sends the extra cookie in BENCH_COOKIE (if any) on
-- every request, as a visitor who carries it would, and prints one JSON line per run.
--
--   BENCH_COOKIE='consent=...' wrk -t2 -c16 -d2s -s bench/statement/round.lua URL
local cookie = os.getenv("BENCH_COOKIE")
if cookie and cookie ~= "" then
  wrk.headers["Cookie"] = cookie
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, '
      .. '"max_ms": %.2f, "non2xx": %d, "socket_errors": %d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency.max / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
