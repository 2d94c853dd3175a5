-- A small GET carrying 30 request headers (header parsing and forwarding cost).
wrk.path = "/small"
for i = 1, 30 do
  wrk.headers["X-Bench-Header-" .. i] = "value-" .. i .. "-abcdefghijklmnopqrstuvwxyz"
end
dofile("bench/report.lua")
