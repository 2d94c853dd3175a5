-- A 1 MiB GET on keep-alive connections.
wrk.path = "/1m"
dofile("bench/report.lua")
