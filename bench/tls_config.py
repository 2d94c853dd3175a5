"""Adds the TLS listener of the small-tls and small-h2 scenarios to a Heddle or Caddy JSON config.

    python3 bench/tls_config.py IN.json OUT.json PORT CERT KEY

The new server `bench-tls` listens on 127.0.0.1:PORT with one default connection policy
(`"tls_connection_policies": [{}]`) and the plain server's routes, so it proxies to the same
HTTP/1.1 backend. The certificate comes from `apps.tls.certificates.load_files`; automatic HTTPS
is off (no redirect listener on port 80, no certificate management). The server's `protocols`
stay at their default (h1 h2 h3 in Caddy): HTTP/2 is whatever ALPN the proxy offers. The same
code writes both configs, so Heddle and Caddy run the same JSON here too.
"""
import copy
import json
import sys

src, dst, port, cert, key = sys.argv[1:6]
cfg = json.load(open(src))
servers = cfg["apps"]["http"]["servers"]
plain = servers["bench"]
servers["bench-tls"] = {
    "listen": [f"127.0.0.1:{port}"],
    "routes": copy.deepcopy(plain["routes"]),
    "tls_connection_policies": [{}],
    "automatic_https": {"disable": True},
}
cfg["apps"]["tls"] = {"certificates": {"load_files": [{"certificate": cert, "key": key}]}}
json.dump(cfg, open(dst, "w"), indent=2)
