package dev.heddle.caddyfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The Caddyfile → Caddy JSON adapter, as {@code caddy adapt --adapter caddyfile} of Caddy 2.6.2:
 * parse, read the global options, run every directive of every site, then assemble servers,
 * the TLS app and the logs (httpcaddyfile.ServerType.Setup).
 */
public final class CaddyfileAdapter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private CaddyfileAdapter() {
    }

    /** Caddy's rule: the base name, lower-cased, starts with "caddyfile" or ends with ".caddyfile". */
    public static boolean isCaddyfile(Path file) {
        Path name = file.getFileName();
        String base = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return base.startsWith("caddyfile") || base.endsWith(".caddyfile");
    }

    /** Adapts a file; {@code name} is how the file was named (file_server hides it under that name). */
    public static ObjectNode adaptFile(Path file, Function<String, String> env) throws CaddyfileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CaddyfileException("reading config file: " + e.getMessage());
        }
        return adapt(file.toString(), text, env);
    }

    /** Adapts Caddyfile text; {@code file} names it in errors and anchors relative imports. */
    public static ObjectNode adapt(String file, String text, Function<String, String> env) throws CaddyfileException {
        return adapt(file, text, env, Path.of("").toAbsolutePath());
    }

    /** As {@link #adapt(String, String, Function)}, with relative file names taken relative to {@code baseDir}. */
    public static ObjectNode adapt(String file, String text, Function<String, String> env, Path baseDir)
            throws CaddyfileException {
        List<ServerBlock> blocks = Parser.parse(file, text, env, baseDir);
        try {
            return new CaddyfileAdapter.Setup(blocks).run();
        } catch (StackOverflowError tooDeep) {
            // Directives inside directives (handle, route, not) are read recursively, as in Caddy;
            // a file nested deeper than the stack allows is refused, not a crash.
            throw new CaddyfileException(file, 1, "blocks are nested too deeply to adapt");
        }
    }

    public static String toJson(ObjectNode config, boolean pretty) {
        try {
            return pretty ? MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(config)
                    : MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One adaptation. */
    private static final class Setup {
        private final List<ServerBlock> blocks;

        Setup(List<ServerBlock> blocks) {
            this.blocks = blocks;
        }

        ObjectNode run() throws CaddyfileException {
            for (ServerBlock b : blocks) {
                if (!b.keys().isEmpty() && b.keys().get(0).startsWith("@")) {
                    throw new CaddyfileException("cannot define a matcher outside of a site block: '" + b.keys().get(0) + "'");
                }
            }
            List<ServerBlock> sites = new ArrayList<>(blocks);
            ServerBlock global = null;
            if (!sites.isEmpty() && sites.get(0).keys().isEmpty()) {
                global = sites.remove(0);
            }
            List<String> order = new ArrayList<>(SubrouteBuilder.ORDER);
            Map<String, Object> options = GlobalOptions.parse(global, order);
            AdaptContext ctx = new AdaptContext(options, order);

            List<SiteBlock> parsed = new ArrayList<>();
            for (int i = 0; i < sites.size(); i++) {
                parsed.add(runDirectives(i, expand(sites.get(i)), ctx));
            }
            List<Pairing> pairings = Pairing.of(parsed, options);
            ObjectNode servers = new ServerAssembler(options, ctx).servers(pairings);

            ObjectNode config = Json.obj();
            ObjectNode apps = Json.obj();
            if (!servers.isEmpty()) {
                ObjectNode http = apps.putObject("http");
                putIfSet(http, "http_port", options.get("http_port"));
                putIfSet(http, "https_port", options.get("https_port"));
                putIfSet(http, "grace_period", options.get("grace_period"));
                putIfSet(http, "shutdown_delay", options.get("shutdown_delay"));
                http.set("servers", servers);
            }
            ObjectNode tls = TlsAppBuilder.build(pairings, options);
            if (tls != null) {
                apps.set("tls", tls);
            }
            if (options.get("admin") instanceof ObjectNode admin) {
                config.set("admin", admin);
            }
            ObjectNode logging = LoggingBuilder.build(pairings, options);
            if (logging != null) {
                config.set("logging", logging);
            }
            if (!apps.isEmpty()) {
                config.set("apps", apps);
            }
            return config;
        }

        private static void putIfSet(ObjectNode o, String field, Object v) {
            if (v instanceof Integer i && i != 0) {
                o.put(field, i);
            } else if (v instanceof Long l && l != 0) {
                o.put(field, l);
            }
        }

        /** Shorthand placeholders become full ones in every token of the block. */
        private static ServerBlock expand(ServerBlock b) {
            List<List<Token>> segs = new ArrayList<>();
            for (List<Token> seg : b.segments()) {
                List<Token> out = new ArrayList<>(seg.size());
                for (Token t : seg) {
                    out.add(t.withText(Placeholders.expand(t.text())));
                }
                segs.add(out);
            }
            return new ServerBlock(b.hasBraces(), b.keys(), segs);
        }

        private SiteBlock runDirectives(int index, ServerBlock b, AdaptContext ctx) throws CaddyfileException {
            if (b.keys().isEmpty()) {
                throw new CaddyfileException("server block without any key is global configuration, and if used, it must be first");
            }
            SiteBlock site = SiteBlock.of(index, b);
            Map<String, ObjectNode> matcherDefs = new HashMap<>();
            for (List<Token> seg : b.segments()) {
                if (seg.get(0).text().startsWith("@")) {
                    MatcherDefinitions.parse(new Dispenser(seg), matcherDefs);
                }
            }
            for (List<Token> seg : b.segments()) {
                String dir = seg.get(0).text();
                if (dir.startsWith("@")) {
                    continue;
                }
                Directive fn = Directives.get(dir);
                if (fn == null) {
                    Token t = seg.get(0);
                    throw new CaddyfileException(t.file(), t.line(), "unrecognized directive: " + dir
                            + (b.hasBraces() ? "" : "\nDid you mean to define a second site? If so, you must use"
                            + " curly braces around each site to separate their configurations."));
                }
                List<ConfigValue> results;
                Dispenser d = new Dispenser(seg);
                try {
                    results = fn.parse(new Helper(d, matcherDefs, b.segments(), ctx));
                } catch (CaddyfileException e) {
                    throw SubrouteBuilder.wrap(seg.get(0), dir, e);
                }
                String norm = Directives.normalize(dir);
                for (ConfigValue r : results) {
                    site.pile.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r.withDirective(norm));
                }
            }
            return site;
        }
    }
}
