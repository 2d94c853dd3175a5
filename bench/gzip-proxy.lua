-- A 64 KiB text response from the backend, gzipped by the proxy for a client that accepts it.
wrk.path = "/text"
wrk.headers["Accept-Encoding"] = "gzip"
dofile("bench/report.lua")
