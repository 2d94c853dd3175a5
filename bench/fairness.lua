-- Per-connection fairness: how many responses each connection got. Run with one connection
-- per wrk thread, against a target bench/run would start (or any running one):
--   wrk -t64 -c64 -d5s -s bench/fairness.lua http://127.0.0.1:PORT/small
-- A fair server gives every connection about the same count (nginx: within 5%); a server that
-- starves some connections shows a min far below the max, and a p99 far above its p50.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses = 0
end

function response(status, headers, body)
  responses = responses + 1
end

local function at(sorted, q)
  return sorted[math.max(1, math.ceil(#sorted * q))]
end

function done(summary, latency, requests)
  local counts = {}
  for _, t in ipairs(threads) do
    table.insert(counts, t:get("responses"))
  end
  table.sort(counts)
  io.write(string.format("responses per connection: min %d, p10 %d, median %d, p90 %d, max %d\n",
    counts[1], at(counts, 0.1), at(counts, 0.5), at(counts, 0.9), counts[#counts]))
  io.write(string.format("latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
