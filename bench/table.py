"""Turns bench/run's results into a markdown table with ratios to nginx and to the direct backend.

"x nginx" and "x direct" compare req/s. "CPU µs/req" is the server's user + kernel CPU time per
request (mean over rounds; none for the direct rows); "CPU x nginx" compares that total with nginx's.
A result with a `note` (small-h2's "h2_not_negotiated": the proxy did not negotiate HTTP/2) was not
measured: its row says so instead of numbers. The third argument, if any, says what TLS each
proxy negotiated.
"""
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
notes = {}  # (scenario, target) -> why it was not measured
for line in open(sys.argv[1]):
    scenario, _round, target, result = line.rstrip("\n").split("\t")
    fields = dict(kv.split("=") for kv in result.split()[1:])
    if "note" in fields:
        notes[(scenario, target)] = fields["note"].replace("_", " ")
        rows.setdefault((scenario, target), [])
        continue
    rows[(scenario, target)].append({k: float(v) for k, v in fields.items()})

def med(runs, key):
    return statistics.median(r[key] for r in runs)

def cpu(runs):  # (user, kernel) µs per request, mean over the rounds that have them, or None
    have = [r for r in runs or [] if "cpu_user_us" in r]
    if not have:
        return None
    return statistics.mean(r["cpu_user_us"] for r in have), statistics.mean(r["cpu_sys_us"] for r in have)

def us(v):
    return f"{v:.0f}" if v >= 10 else f"{v:.1f}"

print("| scenario | target | req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | RSS MiB | x nginx | x direct "
      "| CPU µs/req user + kernel | CPU x nginx |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
scenarios = list(dict.fromkeys(s for s, _ in rows))
for scenario in scenarios:
    nginx = rows.get((scenario, "nginx"))
    direct = rows.get((scenario, "direct"))
    nginx_cpu = cpu(nginx)
    for (s, target), runs in rows.items():
        if s != scenario:
            continue
        if not runs:  # every round had a note
            print(f"| {scenario} | {target} | {notes[(s, target)]} | - | - | - | - | - | - | - | - | - | - |")
            continue
        rps = statistics.mean(r["rps"] for r in runs)
        ratio_nginx = f"{rps / statistics.mean(r['rps'] for r in nginx):.2f}" if nginx else "-"
        ratio_direct = f"{rps / statistics.mean(r['rps'] for r in direct):.2f}" if direct else "-"
        rss = max(r["rss"] for r in runs) / 1024
        own_cpu = cpu(runs)
        cpu_cell = f"{us(own_cpu[0])} + {us(own_cpu[1])}" if own_cpu else "-"
        cpu_ratio = (f"{sum(own_cpu) / sum(nginx_cpu):.2f}" if own_cpu and nginx_cpu and sum(nginx_cpu) > 0
                     else "-")
        print(f"| {scenario} | {target} | {rps:,.0f} | {med(runs, 'p50'):.2f} | {med(runs, 'p99'):.2f} | "
              f"{med(runs, 'p999'):.2f} | {max(r['max'] for r in runs):.0f} | {int(sum(r['errors'] for r in runs))} | "
              f"{rss:.0f} | {ratio_nginx} | {ratio_direct} | {cpu_cell} | {cpu_ratio} |")
print()
print(f"Heddle cold start to first proxied response (JVM launch included): {sys.argv[2]}.")
if len(sys.argv) > 3 and sys.argv[3]:
    print()
    print(f"TLS (small-tls, small-h2) as negotiated with an OpenSSL client offering h2 and http/1.1: {sys.argv[3]}.")
