package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code log} in a site (an access log named log0, log1, ...) and the global {@code log}
 * option (parseLogHelper of 2.6.2), with the writers and encoders Caddy ships.
 */
final class LogDirective {
    /** A named custom log; {@code name} is null when the block configured nothing. */
    record NamedLog(String name, ObjectNode log) {
    }

    private LogDirective() {
    }

    static List<ConfigValue> site(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        List<ConfigValue> out = new java.util.ArrayList<>();
        while (d.next()) {
            if (d.nextArg()) {
                throw d.argErr();
            }
            ObjectNode cl = body(d, false);
            NamedLog val = new NamedLog(null, cl);
            if (!cl.isEmpty()) {
                String name = h.ctx.nextLogName();
                cl.putArray("include").add("http.log.access." + name);
                val = new NamedLog(name, cl);
            }
            out.add(new ConfigValue("custom_log", null, val));
        }
        return out;
    }

    static ObjectNode body(Dispenser d, boolean global) throws CaddyfileException {
        ObjectNode cl = Json.obj();
        while (d.nextBlock(0)) {
            switch (d.val()) {
                case "output" -> {
                    if (!d.nextArg()) {
                        throw d.argErr();
                    }
                    cl.set("writer", writer(d));
                }
                case "format" -> {
                    if (!d.nextArg()) {
                        throw d.argErr();
                    }
                    cl.set("encoder", encoder(d));
                }
                case "level" -> {
                    if (!d.nextArg()) {
                        throw d.argErr();
                    }
                    cl.put("level", d.val());
                    if (d.nextArg()) {
                        throw d.argErr();
                    }
                }
                case "include", "exclude" -> {
                    if (!global) {
                        throw d.argErr();
                    }
                    String field = d.val();
                    while (d.nextArg()) {
                        HeaderDirectives.array(cl, field).add(d.val());
                    }
                }
                default -> throw d.err("unrecognized subdirective: " + d.val());
            }
        }
        return cl;
    }

    private static ObjectNode writer(Dispenser d) throws CaddyfileException {
        String module = d.val();
        ObjectNode w = Json.obj();
        w.put("output", module);
        switch (module) {
            case "stdout", "stderr", "discard" -> {
                return w;
            }
            case "file" -> {
                Dispenser seg = new Dispenser(d.nextSegment());
                seg.next();
                if (!seg.nextArg()) {
                    throw seg.argErr();
                }
                w.put("filename", seg.val());
                if (seg.nextArg()) {
                    throw seg.argErr();
                }
                while (seg.nextBlock(0)) {
                    switch (seg.val()) {
                        case "roll_disabled" -> w.put("roll", false);
                        case "roll_size" -> {
                            if (!seg.nextArg()) {
                                throw seg.argErr();
                            }
                            long size = Units.bytes(seg, seg.val());
                            // whole MiB, rounded up (filewriter.go)
                            w.put("roll_size_mb", (int) Math.ceil(size / (double) (1 << 20)));
                        }
                        case "roll_uncompressed" -> w.put("roll_gzip", false);
                        case "roll_local_time" -> w.put("roll_local_time", true);
                        case "roll_keep" -> {
                            if (!seg.nextArg()) {
                                throw seg.argErr();
                            }
                            w.put("roll_keep", Units.integer(seg, seg.val(), "negative roll_keep"));
                        }
                        case "roll_keep_for" -> {
                            if (!seg.nextArg()) {
                                throw seg.argErr();
                            }
                            long ns = Units.duration(seg, seg.val());
                            // rounded up to whole days (filewriter.go)
                            long day = 86_400_000_000_000L;
                            w.put("roll_keep_days", (int) ((ns + day - 1) / day));
                        }
                        default -> throw seg.err("unrecognized subdirective '" + seg.val() + "'");
                    }
                }
                return w;
            }
            case "net" -> {
                Dispenser seg = new Dispenser(d.nextSegment());
                seg.next();
                if (!seg.nextArg()) {
                    throw seg.argErr();
                }
                w.put("address", seg.val());
                return w;
            }
            default -> throw d.err("getting module named 'caddy.logging.writers." + module
                    + "': module not registered: caddy.logging.writers." + module);
        }
    }

    private static ObjectNode encoder(Dispenser d) throws CaddyfileException {
        String module = d.val();
        if (!List.of("console", "json").contains(module)) {
            throw d.err("getting module named 'caddy.logging.encoders." + module
                    + "': module not registered: caddy.logging.encoders." + module);
        }
        Dispenser seg = new Dispenser(d.nextSegment());
        ObjectNode e = Json.obj();
        e.put("format", module);
        seg.next();
        if (seg.nextArg()) {
            throw seg.argErr();
        }
        while (seg.nextBlock(0)) {
            String key = seg.val();
            if (!seg.nextArg()) {
                throw seg.argErr();
            }
            e.put(key, seg.val());
        }
        return e;
    }
}
