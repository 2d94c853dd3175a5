-- A small GET (100-byte response) on keep-alive connections.
wrk.path = "/small"
dofile("bench/report.lua")
