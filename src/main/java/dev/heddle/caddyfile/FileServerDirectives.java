package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code file_server} and {@code try_files} (fileserver/caddyfile.go of 2.6.2). */
final class FileServerDirectives {
    private FileServerDirectives() {
    }

    static ObjectNode fileServer(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("file_server");
        List<String> hide = new ArrayList<>();
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() > 1 || (args.size() == 1 && !args.get(0).equals("browse"))) {
                throw d.argErr();
            }
            if (args.size() == 1) {
                o.putObject("browse");
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "hide" -> {
                        hide = d.remainingArgs();
                        if (hide.isEmpty()) {
                            throw d.argErr();
                        }
                    }
                    case "index" -> {
                        List<String> idx = d.remainingArgs();
                        if (idx.isEmpty()) {
                            throw d.argErr();
                        }
                        o.set("index_names", Json.strings(idx));
                    }
                    case "root" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("root", d.val());
                    }
                    case "browse" -> {
                        if (o.has("browse")) {
                            throw d.err("browsing is already configured");
                        }
                        ObjectNode b = o.putObject("browse");
                        if (d.nextArg()) {
                            b.put("template_file", d.val());
                        }
                    }
                    case "precompressed" -> {
                        ObjectNode pre = Json.obj();
                        ArrayNode order = Json.F.arrayNode();
                        while (d.nextArg()) {
                            pre.putObject(d.val());
                            order.add(d.val());
                        }
                        o.set("precompressed", pre);
                        o.set("precompressed_order", order);
                    }
                    case "status" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        Json.putWeak(o, "status_code", d.val());
                    }
                    case "disable_canonical_uris" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("canonical_uris", false);
                    }
                    case "pass_thru" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        o.put("pass_thru", true);
                    }
                    default -> throw d.err("unknown subdirective '" + d.val() + "'");
                }
            }
        }
        // The Caddyfile itself is never served (Helper.Caddyfiles).
        hide = new ArrayList<>(hide);
        for (String file : h.caddyfiles()) {
            String clean = Path.of(file).normalize().toString();
            if (!hidden(clean, hide)) {
                hide.add(clean.contains("/") ? clean : "./" + clean);
            }
        }
        if (!hide.isEmpty()) {
            o.set("hide", Json.strings(hide));
        }
        return o;
    }

    /** fileHidden: the file is already covered by a hide entry (a glob or a path prefix). */
    private static boolean hidden(String file, List<String> hide) {
        for (String h : hide) {
            try {
                if (FileSystems.getDefault().getPathMatcher("glob:" + h).matches(Path.of(file))) {
                    return true;
                }
            } catch (RuntimeException badGlob) {
                // not a glob Java reads; compare as text below
            }
            if (file.equals(h) || file.startsWith(h + "/")) {
                return true;
            }
        }
        return false;
    }

    static List<ConfigValue> tryFiles(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        if (!d.next()) {
            throw d.argErr();
        }
        List<String> items = d.remainingArgs();
        if (items.isEmpty()) {
            throw d.argErr();
        }
        String policy = null;
        for (int n = d.nesting(); d.nextBlock(n); ) {
            if (d.val().equals("policy")) {
                if (policy != null) {
                    throw d.err("try policy already configured");
                }
                if (!d.nextArg()) {
                    throw d.argErr();
                }
                policy = d.val();
                if (!List.of("first_exist", "largest_size", "smallest_size", "most_recently_modified").contains(policy)) {
                    throw d.err("unrecognized try policy: " + policy);
                }
            }
        }
        List<ConfigValue> result = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (String item : items) {
            int q = item.indexOf('?');
            if (q >= 0) {
                if (!batch.isEmpty()) {
                    result.addAll(tryRoute(h, batch, "", policy));
                    batch = new ArrayList<>();
                }
                result.addAll(tryRoute(h, List.of(item.substring(0, q)), item.substring(q), policy));
                continue;
            }
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            result.addAll(tryRoute(h, batch, "", policy));
        }
        h.groupRoutes(result);
        return result;
    }

    private static List<ConfigValue> tryRoute(Helper h, List<String> files, String query, String policy) {
        ObjectNode rw = Json.handler("rewrite");
        rw.put("uri", "{http.matchers.file.relative}" + query);
        ObjectNode matcher = Json.obj();
        matcher.set("file", FileMatcher.json(null, files, policy, null));
        return h.newRoute(matcher, rw);
    }
}
