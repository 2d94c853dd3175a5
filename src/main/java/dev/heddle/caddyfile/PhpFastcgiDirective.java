package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code php_fastcgi} (fastcgi/caddyfile.go of 2.6.2): a subroute of a trailing-slash redirect
 * for directories with an index, a rewrite to the file that exists, and a FastCGI reverse proxy
 * for the split extensions. Its own subdirectives are taken out before the rest is read as
 * reverse_proxy's.
 */
final class PhpFastcgiDirective {
    private PhpFastcgiDirective() {
    }

    static List<ConfigValue> parse(Helper h) throws CaddyfileException {
        if (!h.d.next()) {
            throw h.d.argErr();
        }
        ObjectNode userMatcher = h.extractMatcherSet();
        h.d.next();
        Dispenser d = new Dispenser(h.d.nextSegment());
        ObjectNode transport = Json.obj();
        List<String> extensions = List.of(".php");
        String index = "index.php";
        List<String> tryFiles = new ArrayList<>();
        while (d.next()) {
            while (d.nextBlock(0)) {
                if (d.nesting() != 1) {
                    continue;
                }
                switch (d.val()) {
                    case "root" -> {
                        transport.put("root", Transports.arg(d));
                        deleteLine(d, 1);
                    }
                    case "split" -> {
                        extensions = d.remainingArgs();
                        deleteLine(d, extensions.size());
                        if (extensions.isEmpty()) {
                            throw d.argErr();
                        }
                    }
                    case "env" -> {
                        List<String> args = d.remainingArgs();
                        deleteLine(d, args.size());
                        if (args.size() != 2) {
                            throw d.argErr();
                        }
                        HeaderDirectives.object(transport, "env").put(args.get(0), args.get(1));
                    }
                    case "index" -> {
                        List<String> args = d.remainingArgs();
                        deleteLine(d, args.size());
                        if (args.size() != 1) {
                            throw d.argErr();
                        }
                        index = args.get(0);
                    }
                    case "try_files" -> {
                        List<String> args = d.remainingArgs();
                        deleteLine(d, args.size());
                        if (args.isEmpty()) {
                            throw d.argErr();
                        }
                        tryFiles = args;
                    }
                    case "resolve_root_symlink" -> {
                        List<String> args = d.remainingArgs();
                        deleteLine(d, args.size());
                        transport.put("resolve_root_symlink", true);
                    }
                    case "dial_timeout", "read_timeout", "write_timeout" -> {
                        String name = d.val();
                        transport.put(name, Units.duration(d, Transports.arg(d)));
                        deleteLine(d, 1);
                    }
                    case "capture_stderr" -> {
                        List<String> args = d.remainingArgs();
                        deleteLine(d, args.size());
                        transport.put("capture_stderr", true);
                    }
                    default -> {
                        // left for reverse_proxy
                    }
                }
            }
        }
        d.reset();
        transport.set("split_path", Json.strings(extensions));

        Subroute sub = new Subroute();
        if (!index.equals("off")) {
            sub.routes.add(indexRedirect(index));
            if (tryFiles.isEmpty()) {
                tryFiles = List.of("{http.request.uri.path}", "{http.request.uri.path}/" + index, index);
            }
            ObjectNode rwMatch = Json.obj();
            rwMatch.set("file", FileMatcher.json(null, tryFiles, null, extensions));
            ObjectNode rw = Json.handler("rewrite");
            rw.put("uri", "{http.matchers.file.relative}");
            sub.routes.add(new Route(rwMatch, rw));
        }
        List<String> paths = new ArrayList<>();
        extensions.forEach(e -> paths.add("*" + e));
        ObjectNode rpMatch = Json.obj();
        rpMatch.set("path", Json.strings(paths));
        ObjectNode rp = Json.handler("reverse_proxy");
        ObjectNode t = Json.obj();
        t.put("protocol", "fastcgi");
        t.setAll(transport);
        rp.set("transport", t);
        ReverseProxyDirective.parseInto(h, d, rp);
        sub.routes.add(new Route(rpMatch, rp));

        if (userMatcher != null) {
            return List.of(new ConfigValue("route", null, new Route(userMatcher, sub.toHandler())));
        }
        return List.of(new ConfigValue("route", null, sub));
    }

    /** Removes the subdirective and its arguments (the cursor is on the last of them). */
    private static void deleteLine(Dispenser d, int args) {
        d.delete();
        for (int i = 0; i < args; i++) {
            d.delete();
        }
    }

    private static Route indexRedirect(String index) {
        ObjectNode match = Json.obj();
        match.set("file", FileMatcher.json(null, List.of("{http.request.uri.path}/" + index), null, null));
        ObjectNode notSet = Json.obj();
        notSet.putArray("path").add("*/");
        match.putArray("not").add(notSet);
        ObjectNode redir = Json.handler("static_response");
        redir.put("status_code", 308);
        redir.putObject("headers").putArray("Location").add("{http.request.orig_uri.path}/");
        return new Route(match, redir);
    }
}
