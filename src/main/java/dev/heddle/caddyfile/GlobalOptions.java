package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global options block (options.go and serveroptions.go of 2.6.2), read into a map of
 * option name to value that the adapter consults.
 */
final class GlobalOptions {
    /** One {@code servers [address] { }} block: the server fields it sets. */
    record ServerOptions(String listenerAddress, ObjectNode fields) {
    }

    private GlobalOptions() {
    }

    static Map<String, Object> parse(ServerBlock global, List<String> order) throws CaddyfileException {
        Map<String, Object> options = new HashMap<>();
        if (global == null) {
            return options;
        }
        for (List<Token> seg : global.segments()) {
            String opt = seg.get(0).text();
            Dispenser d = new Dispenser(seg);
            try {
                option(opt, d, options, order, seg.get(0));
            } catch (CaddyfileException e) {
                if (e.getMessage().contains("unrecognized global option")) {
                    throw e;
                }
                throw SubrouteBuilder.wrap(seg.get(0), opt, e);
            }
        }
        @SuppressWarnings("unchecked")
        List<ServerOptions> servers = (List<ServerOptions>) options.get("servers");
        if (servers != null) {
            servers.sort((a, b) -> Integer.compare(b.listenerAddress().length(), a.listenerAddress().length()));
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (ServerOptions s : servers) {
                if (!seen.add(s.listenerAddress())) {
                    throw new CaddyfileException("cannot have 'servers' global options with duplicate listener addresses: "
                            + s.listenerAddress());
                }
            }
        }
        return options;
    }

    @SuppressWarnings("unchecked")
    private static void option(String opt, Dispenser d, Map<String, Object> options, List<String> order, Token at)
            throws CaddyfileException {
        switch (opt) {
            case "debug", "skip_install_trust", "local_certs" -> {
                d.next();
                options.put(opt, true);
            }
            case "http_port", "https_port" -> {
                d.next();
                String v = Transports.arg(d);
                try {
                    options.put(opt, Integer.parseInt(v));
                } catch (NumberFormatException e) {
                    throw d.err("converting port '" + v + "' to integer value: strconv.Atoi: parsing \"" + v
                            + "\": invalid syntax");
                }
            }
            case "default_bind" -> {
                d.next();
                options.put(opt, d.remainingArgs());
            }
            case "grace_period", "shutdown_delay", "storage_clean_interval", "renew_interval", "ocsp_interval" -> {
                d.next();
                options.put(opt, Units.duration(d, Transports.arg(d)));
            }
            case "default_sni", "acme_ca", "acme_ca_root", "email", "key_type" -> {
                d.next();
                String v = Transports.arg(d);
                if (d.nextArg()) {
                    throw d.argErr();
                }
                options.put(opt, v);
            }
            case "order" -> order(d, order);
            case "admin" -> options.put(opt, admin(d));
            case "auto_https" -> {
                d.next();
                if (!d.next()) {
                    throw d.argErr();
                }
                String v = d.val();
                if (d.next()) {
                    throw d.argErr();
                }
                if (!List.of("off", "disable_redirects", "disable_certs", "ignore_loaded_certs").contains(v)) {
                    throw d.err("auto_https must be one of 'off', 'disable_redirects', 'disable_certs', or 'ignore_loaded_certs'");
                }
                options.put(opt, v);
            }
            case "servers" -> ((List<ServerOptions>) options.computeIfAbsent(opt, k -> new ArrayList<ServerOptions>()))
                    .add(servers(d));
            case "log" -> ((List<LogDirective.NamedLog>) options.computeIfAbsent(opt, k -> new ArrayList<LogDirective.NamedLog>()))
                    .add(globalLog(d, (List<LogDirective.NamedLog>) options.get(opt)));
            default -> throw new CaddyfileException(at.file(), at.line(), "unrecognized global option: " + opt);
        }
    }

    private static ObjectNode admin(Dispenser d) throws CaddyfileException {
        ObjectNode admin = Json.obj();
        while (d.next()) {
            if (d.nextArg()) {
                String listen = d.val();
                if (listen.equals("off")) {
                    admin.put("disabled", true);
                    if (d.next()) {
                        throw d.err("No more option is allowed after turning off admin config");
                    }
                } else {
                    admin.put("listen", listen);
                    if (d.nextArg()) {
                        throw d.argErr();
                    }
                }
            }
            for (int n = d.nesting(); d.nextBlock(n); ) {
                switch (d.val()) {
                    case "enforce_origin" -> admin.put("enforce_origin", true);
                    case "origins" -> admin.set("origins", Json.strings(d.remainingArgs()));
                    default -> throw d.err("unrecognized parameter '" + d.val() + "'");
                }
            }
        }
        if (!admin.has("listen") && !admin.has("disabled")) {
            admin.put("listen", "localhost:2019");
        }
        return admin;
    }

    private static ServerOptions servers(Dispenser d) throws CaddyfileException {
        ObjectNode f = Json.obj();
        String address = "";
        while (d.next()) {
            if (d.nextArg()) {
                address = d.val();
                if (d.nextArg()) {
                    throw d.argErr();
                }
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "timeouts" -> {
                        for (int n = d.nesting(); d.nextBlock(n); ) {
                            String field = switch (d.val()) {
                                case "read_body" -> "read_timeout";
                                case "read_header" -> "read_header_timeout";
                                case "write" -> "write_timeout";
                                case "idle" -> "idle_timeout";
                                default -> throw d.err("unrecognized timeouts option '" + d.val() + "'");
                            };
                            f.put(field, Units.duration(d, Transports.arg(d)));
                        }
                    }
                    case "keepalive_interval" -> f.put("keepalive_interval", Units.duration(d, Transports.arg(d)));
                    case "max_header_size" -> f.put("max_header_bytes", Units.bytes(d, Transports.arg(d)));
                    case "log_credentials" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        f.putObject("logs").put("should_log_credentials", true);
                    }
                    case "protocols" -> {
                        List<String> protos = d.remainingArgs();
                        if (protos.isEmpty()) {
                            throw d.err("protocols requires one or more arguments");
                        }
                        for (String p : protos) {
                            if (!List.of("h1", "h2", "h2c", "h3").contains(p)) {
                                throw d.err("unknown protocol '" + p + "': expected h1, h2, h2c, or h3");
                            }
                        }
                        f.set("protocols", Json.strings(protos));
                    }
                    case "strict_sni_host" -> {
                        if (d.nextArg() && !d.val().equals("insecure_off") && !d.val().equals("on")) {
                            throw d.err("strict_sni_host only supports 'on' or 'insecure_off', got '" + d.val() + "'");
                        }
                        f.put("strict_sni_host", !d.val().equals("insecure_off"));
                    }
                    case "metrics" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        f.putObject("metrics");
                    }
                    default -> throw d.err("unrecognized servers option '" + d.val() + "'");
                }
            }
        }
        return new ServerOptions(address, f);
    }

    private static LogDirective.NamedLog globalLog(Dispenser d, List<LogDirective.NamedLog> existing)
            throws CaddyfileException {
        d.next();
        String name = "default";
        if (d.nextArg()) {
            name = d.val();
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        if (existing != null) {
            for (LogDirective.NamedLog l : existing) {
                if (name.equals(l.name())) {
                    throw d.err("duplicate global log option for: " + name);
                }
            }
        }
        ObjectNode cl = LogDirective.body(d, true);
        return new LogDirective.NamedLog(cl.isEmpty() ? null : name, cl);
    }

    /** {@code order DIR first|last|before X|after X}: moves a directive in this adaptation's order. */
    private static void order(Dispenser d, List<String> order) throws CaddyfileException {
        d.next();
        if (!d.nextArg()) {
            throw d.argErr();
        }
        String dir = d.val();
        if (Directives.get(dir) == null) {
            throw d.err(dir + " is not a registered directive");
        }
        if (!d.nextArg()) {
            throw d.argErr();
        }
        String pos = d.val();
        order.remove(dir);
        switch (pos) {
            case "first" -> order.add(0, dir);
            case "last" -> order.add(dir);
            case "before", "after" -> {
                if (!d.nextArg()) {
                    throw d.argErr();
                }
                int i = order.indexOf(d.val());
                if (i < 0) {
                    throw d.err("directive '" + d.val() + "' not found");
                }
                order.add(pos.equals("before") ? i : i + 1, dir);
            }
            default -> throw d.err("unexpected ordering position '" + pos + "'");
        }
        if (d.nextArg()) {
            throw d.argErr();
        }
    }
}
