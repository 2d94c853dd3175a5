package dev.heddle.caddyfile;

import java.util.HashMap;
import java.util.Map;

/**
 * The directives the adapter knows, by name. Every one adapts to Caddy 2.6.2's JSON; whether
 * Heddle's runtime supports the result is the config loader's business, as for any JSON.
 */
final class Directives {
    private static final Map<String, Directive> ALL = new HashMap<>();

    static {
        ALL.put("bind", BasicDirectives::bind);
        ALL.put("tls", TlsDirective::parse);
        ALL.put("root", HandlerDirective.of(BasicDirectives::root));
        ALL.put("vars", HandlerDirective.of(BasicDirectives::vars));
        ALL.put("redir", HandlerDirective.of(BasicDirectives::redir));
        ALL.put("respond", HandlerDirective.of(BasicDirectives::respond));
        ALL.put("abort", HandlerDirective.of(BasicDirectives::abort));
        ALL.put("error", HandlerDirective.of(BasicDirectives::error));
        ALL.put("route", HandlerDirective.of(BasicDirectives::route));
        ALL.put("handle", HandlerDirective.of(BasicDirectives::handle));
        ALL.put("handle_path", BasicDirectives::handlePath);
        ALL.put("handle_errors", BasicDirectives::handleErrors);
        ALL.put("log", LogDirective::site);
        ALL.put("skip_log", HandlerDirective.of(SmallHandlers::skipLog));
        ALL.put("templates", HandlerDirective.of(BasicDirectives::templates));
        ALL.put("request_body", HandlerDirective.of(BasicDirectives::requestBody));
        ALL.put("encode", HandlerDirective.of(BasicDirectives::encode));
        ALL.put("method", HandlerDirective.of(BasicDirectives::method));
        ALL.put("header", HeaderDirectives::header);
        ALL.put("request_header", HeaderDirectives::requestHeader);
        ALL.put("rewrite", HandlerDirective.of(RewriteDirectives::rewrite));
        ALL.put("uri", HandlerDirective.of(RewriteDirectives::uri));
        ALL.put("file_server", HandlerDirective.of(FileServerDirectives::fileServer));
        ALL.put("try_files", FileServerDirectives::tryFiles);
        ALL.put("map", HandlerDirective.of(SmallHandlers::map));
        ALL.put("copy_response", HandlerDirective.of(SmallHandlers::copyResponse));
        ALL.put("copy_response_headers", HandlerDirective.of(SmallHandlers::copyResponseHeaders));
        ALL.put("reverse_proxy", HandlerDirective.of(ReverseProxyDirective::parse));
        ALL.put("php_fastcgi", PhpFastcgiDirective::parse);
        ALL.put("forward_auth", ForwardAuthDirective::parse);
        ALL.put("basicauth", HandlerDirective.of(SmallHandlers::basicauth));
        ALL.put("metrics", HandlerDirective.of(SmallHandlers::metrics));
    }

    private Directives() {
    }

    static Directive get(String name) {
        return ALL.get(name);
    }

    /** handle_path sorts and groups as handle does. */
    static String normalize(String dir) {
        return dir.equals("handle_path") ? "handle" : dir;
    }
}
