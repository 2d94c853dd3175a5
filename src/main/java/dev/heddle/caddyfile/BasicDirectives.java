package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in directives of httpcaddyfile/builtins.go (2.6.2) that make handlers or routes:
 * root, vars, redir, respond, abort, error, route, handle, handle_path, handle_errors, bind,
 * and the small handlers templates, request_body, encode, method.
 */
final class BasicDirectives {
    private BasicDirectives() {
    }

    static ObjectNode root(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        String root = "";
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.argErr();
            }
            root = d.val();
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        ObjectNode o = Json.handler("vars");
        o.put("root", root);
        return o;
    }

    static ObjectNode vars(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("vars");
        while (d.next()) {
            if (d.nextArg()) {
                oneVar(d, o);
            }
            for (int n = d.nesting(); d.nextBlock(n); ) {
                oneVar(d, o);
            }
        }
        return o;
    }

    private static void oneVar(Dispenser d, ObjectNode o) throws CaddyfileException {
        String name = d.val();
        if (!d.nextArg()) {
            throw d.argErr();
        }
        putScalar(o, name, d.token());
        if (d.nextArg()) {
            throw d.argErr();
        }
    }

    /** Dispenser.ScalarVal: an unquoted token that reads as an int, float or bool is one. */
    static void putScalar(ObjectNode o, String field, Token t) {
        String text = t.text();
        if (!t.quoted()) {
            try {
                o.put(field, Long.parseLong(text));
                return;
            } catch (NumberFormatException notInt) {
                // try the next form
            }
            if (text.matches("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)")) {
                o.put(field, Double.parseDouble(text));
                return;
            }
            switch (text) {
                case "1", "t", "T", "TRUE", "true", "True" -> {
                    o.put(field, true);
                    return;
                }
                case "0", "f", "F", "FALSE", "false", "False" -> {
                    o.put(field, false);
                    return;
                }
                default -> {
                }
            }
        }
        o.put(field, text);
    }

    static ObjectNode redir(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        if (!d.next() || !d.nextArg()) {
            throw d.argErr();
        }
        String to = d.val();
        String code = d.nextArg() ? d.val() : "";
        String body = null;
        switch (code) {
            case "permanent" -> code = "301";
            case "temporary", "" -> code = "302";
            case "html" -> {
                String safe = htmlEscape(to);
                body = "<!DOCTYPE html>\n<html>\n\t<head>\n\t\t<title>Redirecting...</title>\n"
                        + "\t\t<script>window.location.replace(\"" + safe + "\");</script>\n"
                        + "\t\t<meta http-equiv=\"refresh\" content=\"0; URL='" + safe + "'\">\n"
                        + "\t</head>\n\t<body>Redirecting to <a href=\"" + safe + "\">" + safe + "</a>...</body>\n</html>\n";
                code = "200";
            }
            default -> {
                if (!code.startsWith("{")) {
                    int c;
                    try {
                        c = Integer.parseInt(code);
                    } catch (NumberFormatException e) {
                        throw d.err("Not a supported redir code type or not valid integer: '" + code + "'");
                    }
                    if (c < 300 || (c > 399 && c != 401)) {
                        throw d.err("Redir code not in the 3xx range or 401: '" + c + "'");
                    }
                }
            }
        }
        ObjectNode o = Json.handler("static_response");
        if (!code.equals("200")) {
            o.putObject("headers").putArray("Location").add(to);
        }
        if (body != null) {
            o.put("body", body);
        }
        Json.putWeak(o, "status_code", code);
        return o;
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("'", "&#39;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;");
    }

    static ObjectNode respond(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("static_response");
        while (d.next()) {
            String status = "";
            if (d.nextArg()) {
                status = d.val();
                if (d.nextArg()) {
                    o.put("body", status);
                    status = d.val();
                } else if (status.length() != 3 || !status.chars().allMatch(Character::isDigit)) {
                    o.put("body", status);
                    status = "";
                }
            }
            if (!status.isEmpty()) {
                Json.putWeak(o, "status_code", status);
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "body" -> {
                        if (o.has("body")) {
                            throw d.err("body already specified");
                        }
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("body", d.val());
                    }
                    case "close" -> {
                        if (o.has("close")) {
                            throw d.err("close already specified");
                        }
                        o.put("close", true);
                    }
                    default -> throw d.err("unrecognized subdirective: " + d.val());
                }
            }
        }
        return o;
    }

    static ObjectNode abort(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        d.next();
        if (d.next() || d.nextBlock(0)) {
            throw d.argErr();
        }
        ObjectNode o = Json.handler("static_response");
        o.put("abort", true);
        return o;
    }

    static ObjectNode error(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("error");
        while (d.next()) {
            List<String> args = d.remainingArgs();
            switch (args.size()) {
                case 1 -> {
                    String a = args.get(0);
                    if (a.length() == 3 && a.chars().allMatch(Character::isDigit)) {
                        Json.putWeak(o, "status_code", a);
                    } else {
                        o.put("error", a);
                    }
                }
                case 2 -> {
                    o.put("error", args.get(0));
                    Json.putWeak(o, "status_code", args.get(1));
                }
                default -> throw d.argErr();
            }
            if (d.nextBlock(0)) {
                throw d.err("unrecognized subdirective: " + d.val());
            }
        }
        return o;
    }

    /** route: the block's directives in written order, no sorting. */
    static ObjectNode route(Helper h) throws CaddyfileException {
        Subroute sub = new Subroute();
        for (ConfigValue v : SubrouteBuilder.parseSegmentAsConfig(h)) {
            if (v.value() instanceof Route r) {
                sub.routes.add(r);
            } else if (v.value() instanceof Subroute s) {
                sub.routes.addAll(s.routes);
            } else {
                throw h.d.err(v.directive() + " directive returned something other than an HTTP route or subroute"
                        + " (only handler directives can be used in routes)");
            }
        }
        return sub.toHandler();
    }

    static ObjectNode handle(Helper h) throws CaddyfileException {
        return SubrouteBuilder.parseSegmentAsSubroute(h).toHandler();
    }

    static List<ConfigValue> handlePath(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        if (!d.next() || !d.nextArg()) {
            throw d.argErr();
        }
        String path = d.val();
        if (!path.startsWith("/")) {
            throw d.err("path matcher must begin with '/', got " + path);
        }
        String strip = path.endsWith("/*") ? path.substring(0, path.length() - 2)
                : path.endsWith("*") ? path.substring(0, path.length() - 1) : path;
        d.reset();
        d.next();
        Subroute sub = SubrouteBuilder.parseSegmentAsSubroute(h);
        ObjectNode rw = Json.handler("rewrite");
        rw.put("strip_path_prefix", strip);
        sub.routes.add(0, new Route(null, rw));
        ObjectNode matcher = Json.obj();
        matcher.putArray("path").add(path);
        return h.newRoute(matcher, sub.toHandler());
    }

    static List<ConfigValue> handleErrors(Helper h) throws CaddyfileException {
        Subroute sub = SubrouteBuilder.parseSegmentAsSubroute(h);
        List<ConfigValue> out = new ArrayList<>();
        out.add(new ConfigValue("error_route", null, sub));
        return out;
    }

    static List<ConfigValue> bind(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        List<String> hosts = new ArrayList<>();
        while (d.next()) {
            hosts.addAll(d.remainingArgs());
        }
        if (hosts.isEmpty()) {
            throw d.argErr();
        }
        return List.of(new ConfigValue("bind", null, hosts));
    }

    static ObjectNode templates(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("templates");
        while (d.next()) {
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "mime" -> o.set("mime_types", Json.strings(nonEmpty(d)));
                    case "between" -> {
                        List<String> delims = d.remainingArgs();
                        if (delims.size() != 2) {
                            throw d.argErr();
                        }
                        o.set("delimiters", Json.strings(delims));
                    }
                    case "root" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("file_root", d.val());
                    }
                    default -> throw d.err("unrecognized subdirective: " + d.val());
                }
            }
        }
        return o;
    }

    static ObjectNode requestBody(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("request_body");
        while (d.next()) {
            if (d.nextArg()) {
                throw d.argErr();
            }
            while (d.nextBlock(0)) {
                if (d.val().equals("max_size")) {
                    if (!d.nextArg()) {
                        throw d.argErr();
                    }
                    o.put("max_size", Units.bytes(d, d.val()));
                } else {
                    throw d.err("unrecognized servers option '" + d.val() + "'");
                }
            }
        }
        return o;
    }

    static ObjectNode method(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("rewrite");
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.argErr();
            }
            o.put("method", d.val());
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        return o;
    }

    static ObjectNode encode(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("encode");
        ObjectNode encodings = Json.obj();
        List<String> prefer = new ArrayList<>();
        while (d.next()) {
            for (String arg : d.remainingArgs()) {
                encoder(d, arg);
                encodings.putObject(arg);
                prefer.add(arg);
            }
            while (d.nextBlock(0)) {
                String sub = d.val();
                switch (sub) {
                    case "minimum_length" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("minimum_length", Units.integer(d, d.val(), "invalid minimum_length"));
                    }
                    case "match" -> o.set("match", ResponseMatchers.parseInline(d));
                    default -> {
                        encoder(d, sub);
                        ObjectNode enc = encodings.putObject(sub);
                        if (sub.equals("gzip") && d.nextArg()) {
                            enc.put("level", Units.integer(d, d.val(), "invalid compression level"));
                        }
                        prefer.add(sub);
                    }
                }
            }
        }
        if (!encodings.isEmpty()) {
            o.set("encodings", encodings);
        }
        if (!prefer.isEmpty()) {
            o.set("prefer", Json.strings(prefer));
        }
        return o;
    }

    private static void encoder(Dispenser d, String name) throws CaddyfileException {
        if (!name.equals("gzip") && !name.equals("zstd")) {
            throw d.err("getting module named 'http.encoders." + name + "': module not registered: http.encoders." + name);
        }
    }

    private static List<String> nonEmpty(Dispenser d) throws CaddyfileException {
        List<String> args = d.remainingArgs();
        if (args.isEmpty()) {
            throw d.argErr();
        }
        return args;
    }
}
