"""Turns bench/run's results into a markdown table with ratios to nginx and to the direct backend."""
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1]):
    scenario, _round, target, result = line.rstrip("\n").split("\t")
    fields = dict(kv.split("=") for kv in result.split()[1:])
    rows[(scenario, target)].append({k: float(v) for k, v in fields.items()})

def med(runs, key):
    return statistics.median(r[key] for r in runs)

print("| scenario | target | req/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | RSS MiB | x nginx | x direct |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
scenarios = list(dict.fromkeys(s for s, _ in rows))
for scenario in scenarios:
    nginx = rows.get((scenario, "nginx"))
    direct = rows.get((scenario, "direct"))
    for (s, target), runs in rows.items():
        if s != scenario:
            continue
        rps = statistics.mean(r["rps"] for r in runs)
        ratio_nginx = f"{rps / statistics.mean(r['rps'] for r in nginx):.2f}" if nginx else "-"
        ratio_direct = f"{rps / statistics.mean(r['rps'] for r in direct):.2f}" if direct else "-"
        rss = max(r["rss"] for r in runs) / 1024
        print(f"| {scenario} | {target} | {rps:,.0f} | {med(runs, 'p50'):.2f} | {med(runs, 'p99'):.2f} | "
              f"{med(runs, 'p999'):.2f} | {max(r['max'] for r in runs):.0f} | {int(sum(r['errors'] for r in runs))} | "
              f"{rss:.0f} | {ratio_nginx} | {ratio_direct} |")
print()
print(f"Heddle cold start to first proxied response (JVM launch included): {sys.argv[2]}.")
