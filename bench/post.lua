-- A 64 KiB POST answered with a small response.
wrk.method = "POST"
wrk.path = "/post"
wrk.body = string.rep("x", 65536)
wrk.headers["Content-Type"] = "application/octet-stream"
dofile("bench/report.lua")
