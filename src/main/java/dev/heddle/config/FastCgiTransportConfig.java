package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code fastcgi} transport (reverseproxy/fastcgi/fastcgi.go; caddy-reference-2.md §B.1),
 * plus Heddle's connection reuse.
 *
 * @param root               the site root, placeholders allowed ({@code {http.vars.root}} by default)
 * @param splitPath          where the script name ends (".php"), ASCII, lower-cased; empty = never split
 * @param resolveRootSymlink the root's symlinks resolved
 * @param env                extra CGI variables, values with placeholders
 * @param dialTimeout        [3s]
 * @param readTimeout        one deadline for the whole response, from the exchange's start [none = ZERO]
 * @param writeTimeout       one deadline for sending the request [none = ZERO]
 * @param captureStderr      stderr logged once when the body ends (ERROR for status >= 400, else WARN)
 * @param maxIdlePerHost     Heddle's keep_alive (off by default, as Caddy: a connection per request); with
 *                           {@code "enabled": true}, max_idle_conns_per_host [32] php-fpm connections kept for
 *                           reuse (FCGI_KEEP_CONN). A php-fpm worker stays with its kept connection, so
 *                           max_conns_per_host must not exceed the pool's pm.max_children
 * @param idleTimeout        Heddle's keep_alive.idle_timeout [2m]
 * @param maxConnsPerHost    Heddle's max_conns_per_host [0 = no limit]: connections per upstream, idle or busy
 */
public record FastCgiTransportConfig(String root, List<String> splitPath, boolean resolveRootSymlink, Map<String, String> env,
                                     Duration dialTimeout, Duration readTimeout, Duration writeTimeout, boolean captureStderr,
                                     int maxIdlePerHost, Duration idleTimeout, int maxConnsPerHost) implements TransportConfig {

    static FastCgiTransportConfig parse(Node n) throws ConfigException {
        String root = n.field("root").string("{http.vars.root}");
        Node splitNode = n.field("split_path");
        List<String> split = new ArrayList<>();
        int i = 0;
        for (String s : splitNode.strings()) {
            if (!s.chars().allMatch(c -> c < 0x80)) {
                throw new ConfigException(splitNode.path() + "[" + i + "]",
                        "split_path must be ASCII (\"" + s + "\"): a non-ASCII split is how scripts get run from uploaded files");
            }
            split.add(s.toLowerCase(java.util.Locale.ROOT));
            i++;
        }
        boolean resolve = n.field("resolve_root_symlink").bool(false);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.field("env").entries().entrySet()) {
            env.put(e.getKey(), e.getValue().string());
        }
        Duration dial = HttpTransportConfig.positive(n.field("dial_timeout"), Duration.ofSeconds(3));
        if (dial.isZero()) {
            dial = Duration.ofSeconds(3);
        }
        Duration read = HttpTransportConfig.positive(n.field("read_timeout"), Duration.ZERO);
        Duration write = HttpTransportConfig.positive(n.field("write_timeout"), Duration.ZERO);
        boolean stderr = n.field("capture_stderr").bool(false);
        int maxIdle = 0;
        Duration idle = Duration.ofMinutes(2);
        Node keepAlive = n.field("keep_alive");
        if (!keepAlive.absent()) {
            keepAlive.requireObject();
            boolean enabled = keepAlive.field("enabled").bool(false);
            maxIdle = 32;
            maxIdle = keepAlive.field("max_idle_conns_per_host").intValue(maxIdle, 0, 100_000);
            idle = HttpTransportConfig.positive(keepAlive.field("idle_timeout"), idle);
            if (!enabled) {
                maxIdle = 0;
            }
            keepAlive.done();
        }
        Node maxConnsNode = n.field("max_conns_per_host");
        int maxConns = maxConnsNode.intValue(0, 0, 1_000_000);
        if (maxIdle > 0 && maxConns == 0) {
            System.getLogger("dev.heddle.config").log(System.Logger.Level.WARNING, keepAlive.path()
                    + ": a php-fpm worker stays with a kept connection; set max_conns_per_host to at most the pool's"
                    + " pm.max_children, or requests beyond it can wait for a worker until an idle connection times out");
        }
        n.done();
        return new FastCgiTransportConfig(root, List.copyOf(split), resolve, Map.copyOf(env), dial, read, write, stderr,
                maxIdle, idle, maxConns);
    }

    /** The same transport with these deadlines (active health checks use their own timeout). */
    public FastCgiTransportConfig withTimeouts(Duration read, Duration write) {
        return new FastCgiTransportConfig(root, splitPath, resolveRootSymlink, env, dialTimeout, read, write, captureStderr,
                maxIdlePerHost, idleTimeout, maxConnsPerHost);
    }
}
