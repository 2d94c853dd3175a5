-- A 1 MiB file served by the proxy itself (file_server / nginx static), keep-alive; HAProxy serves no files.
wrk.path = "/static/1m"
dofile("bench/report.lua")
