package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code transport http { }} and {@code transport fastcgi { }} blocks of reverse_proxy (2.6.2). */
final class Transports {
    private Transports() {
    }

    /** The cursor is on the module name; reads its segment. The result has no "protocol" yet. */
    static ObjectNode parse(Dispenser outer, String name) throws CaddyfileException {
        Dispenser d = new Dispenser(outer.nextSegment());
        return switch (name) {
            case "http" -> http(d);
            case "fastcgi" -> fastcgi(d, Json.obj());
            default -> throw outer.err("getting module named 'http.reverse_proxy.transport." + name
                    + "': module not registered: http.reverse_proxy.transport." + name);
        };
    }

    private static ObjectNode http(Dispenser d) throws CaddyfileException {
        ObjectNode t = Json.obj();
        while (d.next()) {
            while (d.nextBlock(0)) {
                String sub = d.val();
                switch (sub) {
                    case "read_buffer" -> t.put("read_buffer_size", Units.bytes(d, arg(d)));
                    case "write_buffer" -> t.put("write_buffer_size", Units.bytes(d, arg(d)));
                    case "read_timeout", "write_timeout", "dial_timeout", "response_header_timeout",
                            "expect_continue_timeout" -> t.put(sub, Units.duration(d, arg(d)));
                    case "dial_fallback_delay" -> t.put("dial_fallback_delay", Units.duration(d, arg(d)));
                    case "max_response_header" -> t.put("max_response_header_size", Units.bytes(d, arg(d)));
                    case "proxy_protocol" -> t.put("proxy_protocol", arg(d));
                    case "resolvers" -> resolver(d, t);
                    case "tls" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        tls(t);
                    }
                    case "tls_client_auth" -> {
                        List<String> args = d.remainingArgs();
                        if (args.size() == 1) {
                            tls(t).put("client_certificate_automate", args.get(0));
                        } else if (args.size() == 2) {
                            tls(t).put("client_certificate_file", args.get(0));
                            tls(t).put("client_certificate_key_file", args.get(1));
                        } else {
                            throw d.argErr();
                        }
                    }
                    case "tls_insecure_skip_verify" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        tls(t).put("insecure_skip_verify", true);
                    }
                    case "tls_timeout" -> tls(t).put("handshake_timeout", Units.duration(d, arg(d)));
                    case "tls_trusted_ca_certs" -> {
                        List<String> args = d.remainingArgs();
                        if (args.isEmpty()) {
                            throw d.argErr();
                        }
                        tls(t).set("root_ca_pem_files", Json.strings(args));
                    }
                    case "tls_server_name" -> tls(t).put("server_name", arg(d));
                    case "tls_renegotiation" -> {
                        String r = arg(d);
                        if (!List.of("never", "once", "freely").contains(r)) {
                            throw d.err("unrecognized renegotiation level: " + r);
                        }
                        tls(t).put("renegotiation", r);
                    }
                    case "tls_except_ports" -> {
                        List<String> args = d.remainingArgs();
                        if (args.isEmpty()) {
                            throw d.argErr();
                        }
                        tls(t).set("except_ports", Json.strings(args));
                    }
                    case "keepalive" -> {
                        String v = arg(d);
                        ObjectNode ka = HeaderDirectives.object(t, "keep_alive");
                        if (v.equals("off")) {
                            ka.put("enabled", false);
                        } else {
                            ka.put("idle_timeout", Units.duration(d, v));
                        }
                    }
                    case "keepalive_interval" -> HeaderDirectives.object(t, "keep_alive")
                            .put("probe_interval", Units.duration(d, arg(d)));
                    case "keepalive_idle_conns" -> HeaderDirectives.object(t, "keep_alive")
                            .put("max_idle_conns", Units.integer(d, arg(d), "bad integer value"));
                    case "keepalive_idle_conns_per_host" -> HeaderDirectives.object(t, "keep_alive")
                            .put("max_idle_conns_per_host", Units.integer(d, arg(d), "bad integer value"));
                    case "versions" -> {
                        List<String> v = d.remainingArgs();
                        if (v.isEmpty()) {
                            throw d.argErr();
                        }
                        t.set("versions", Json.strings(v));
                    }
                    case "compression" -> {
                        if (d.nextArg() && d.val().equals("off")) {
                            t.put("compression", false);
                        }
                    }
                    case "max_conns_per_host" -> t.put("max_conns_per_host", Units.integer(d, arg(d), "bad integer value"));
                    default -> throw d.err("unrecognized subdirective " + sub);
                }
            }
        }
        return t;
    }

    private static ObjectNode tls(ObjectNode t) {
        return HeaderDirectives.object(t, "tls");
    }

    static void resolver(Dispenser d, ObjectNode t) throws CaddyfileException {
        List<String> args = d.remainingArgs();
        if (args.isEmpty()) {
            throw d.argErr();
        }
        HeaderDirectives.object(t, "resolver").set("addresses", Json.strings(args));
    }

    static ObjectNode fastcgi(Dispenser d, ObjectNode t) throws CaddyfileException {
        while (d.next()) {
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "root" -> t.put("root", arg(d));
                    case "split" -> {
                        List<String> s = d.remainingArgs();
                        if (s.isEmpty()) {
                            throw d.argErr();
                        }
                        t.set("split_path", Json.strings(s));
                    }
                    case "env" -> {
                        List<String> args = d.remainingArgs();
                        if (args.size() != 2) {
                            throw d.argErr();
                        }
                        HeaderDirectives.object(t, "env").put(args.get(0), args.get(1));
                    }
                    case "resolve_root_symlink" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        t.put("resolve_root_symlink", true);
                    }
                    case "dial_timeout", "read_timeout", "write_timeout" -> t.put(d.val(), Units.duration(d, arg(d)));
                    case "capture_stderr" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        t.put("capture_stderr", true);
                    }
                    default -> throw d.err("unrecognized subdirective " + d.val());
                }
            }
        }
        return t;
    }

    static String arg(Dispenser d) throws CaddyfileException {
        if (!d.nextArg()) {
            throw d.argErr();
        }
        return d.val();
    }
}
