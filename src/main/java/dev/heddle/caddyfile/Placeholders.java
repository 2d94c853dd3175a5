package dev.heddle.caddyfile;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Caddyfile placeholder shorthands ({@code {host}}, {@code {re.n.1}}, ...) → their full names (Setup of 2.6.2). */
final class Placeholders {
    private static final Map<String, String> SHORTHANDS = Map.ofEntries(
            Map.entry("{dir}", "{http.request.uri.path.dir}"),
            Map.entry("{file}", "{http.request.uri.path.file}"),
            Map.entry("{host}", "{http.request.host}"),
            Map.entry("{hostport}", "{http.request.hostport}"),
            Map.entry("{port}", "{http.request.port}"),
            Map.entry("{method}", "{http.request.method}"),
            Map.entry("{path}", "{http.request.uri.path}"),
            Map.entry("{query}", "{http.request.uri.query}"),
            Map.entry("{remote}", "{http.request.remote}"),
            Map.entry("{remote_host}", "{http.request.remote.host}"),
            Map.entry("{remote_port}", "{http.request.remote.port}"),
            Map.entry("{scheme}", "{http.request.scheme}"),
            Map.entry("{uri}", "{http.request.uri}"),
            Map.entry("{tls_cipher}", "{http.request.tls.cipher_suite}"),
            Map.entry("{tls_version}", "{http.request.tls.version}"),
            Map.entry("{tls_client_fingerprint}", "{http.request.tls.client.fingerprint}"),
            Map.entry("{tls_client_issuer}", "{http.request.tls.client.issuer}"),
            Map.entry("{tls_client_serial}", "{http.request.tls.client.serial}"),
            Map.entry("{tls_client_subject}", "{http.request.tls.client.subject}"),
            Map.entry("{tls_client_certificate_pem}", "{http.request.tls.client.certificate_pem}"),
            Map.entry("{tls_client_certificate_der_base64}", "{http.request.tls.client.certificate_der_base64}"),
            Map.entry("{upstream_hostport}", "{http.reverse_proxy.upstream.hostport}"));

    private record Rule(Pattern search, String replace) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("\\{header\\.([\\w-]*)}"), "{http.request.header.$1}"),
            new Rule(Pattern.compile("\\{cookie\\.([\\w-]*)}"), "{http.request.cookie.$1}"),
            new Rule(Pattern.compile("\\{labels\\.([\\w-]*)}"), "{http.request.host.labels.$1}"),
            new Rule(Pattern.compile("\\{path\\.([\\w-]*)}"), "{http.request.uri.path.$1}"),
            new Rule(Pattern.compile("\\{file\\.([\\w-]*)}"), "{http.request.uri.path.file.$1}"),
            new Rule(Pattern.compile("\\{query\\.([\\w-]*)}"), "{http.request.uri.query.$1}"),
            new Rule(Pattern.compile("\\{re\\.([\\w-]*)\\.([\\w-]*)}"), "{http.regexp.$1.$2}"),
            new Rule(Pattern.compile("\\{vars\\.([\\w-]*)}"), "{http.vars.$1}"),
            new Rule(Pattern.compile("\\{rp\\.([\\w\\-.]*)}"), "{http.reverse_proxy.$1}"),
            new Rule(Pattern.compile("\\{err\\.([\\w\\-.]*)}"), "{http.error.$1}"),
            new Rule(Pattern.compile("\\{file_match\\.([\\w-]*)}"), "{http.matchers.file.$1}"));

    private Placeholders() {
    }

    static String expand(String text) {
        if (text.indexOf('{') < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int i = 0;
        outer:
        while (i < text.length()) {
            if (text.charAt(i) == '{') {
                int close = text.indexOf('}', i);
                if (close > 0) {
                    String full = SHORTHANDS.get(text.substring(i, close + 1));
                    if (full != null) {
                        sb.append(full);
                        i = close + 1;
                        continue outer;
                    }
                }
            }
            sb.append(text.charAt(i++));
        }
        String out = sb.toString();
        for (Rule r : RULES) {
            out = r.search().matcher(out).replaceAll(r.replace());
        }
        return out;
    }
}
