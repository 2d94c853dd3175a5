"""Turns one h2load run into the RESULT line that bench/report.lua prints for wrk.

    python3 bench/h2load_result.py H2LOAD-OUTPUT LOG-FILE

req/s is h2load's own ("finished in ..., N req/s", over the -D duration). The latency
percentiles are exact, computed from h2load's --log-file (one line per request: start time,
status, microseconds until the end of its response), not from its summary (which has only
min/max/mean/sd); they cover the requests that got a response. errors are h2load's "failed"
(which includes its "errored" and "timeout" ones and 4xx/5xx responses). When the connections did not
negotiate HTTP/2 (h2load offers only h2 by ALPN, so a proxy without it refuses or answers
without ALPN) the line is `RESULT note=h2_not_negotiated requests=0`, and nothing is measured.
"""
import os
import re
import sys

out = open(sys.argv[1], errors="replace").read()
if not re.search(r"^Application protocol: h2$", out, re.M):
    print("RESULT note=h2_not_negotiated requests=0")
    sys.exit(0)
f = re.search(r"^finished in .*?, ([0-9.]+) req/s", out, re.M)
m = re.search(r"^requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, "
              r"(\d+) errored, (\d+) timeout", out, re.M)
if not f or not m:  # h2load failed before its summary: bench/run prints a row of errors
    sys.exit(0)
rps, done, failed = float(f.group(1)), int(m.group(3)), int(m.group(5))
lat = []
for line in open(sys.argv[2]) if os.path.exists(sys.argv[2]) else []:
    parts = line.split("\t")
    if len(parts) < 3:
        continue
    status, us = int(parts[1]), int(parts[2])
    if status > 0:
        lat.append(us / 1000)
lat.sort()


def pct(p):
    return lat[min(len(lat) - 1, int(len(lat) * p / 100))] if lat else 0.0


print(f"RESULT rps={rps:.1f} p50={pct(50):.3f} p99={pct(99):.3f} p999={pct(99.9):.3f} "
      f"max={lat[-1] if lat else 0:.3f} errors={failed} requests={done}")
