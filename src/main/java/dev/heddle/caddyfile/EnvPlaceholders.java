package dev.heddle.caddyfile;

import java.util.function.Function;

/**
 * Replaces {@code {$NAME}} and {@code {$NAME:default}} in the raw text before it is lexed, as
 * Caddy 2.6.2's {@code replaceEnvVars}: an unset variable gives its default, or "". The
 * runtime placeholder {@code {env.NAME}} is not touched.
 */
final class EnvPlaceholders {
    private EnvPlaceholders() {
    }

    static String replace(String input, Function<String, String> env) {
        StringBuilder out = new StringBuilder(input);
        int offset = 0;
        while (true) {
            int begin = out.indexOf("{$", offset);
            if (begin < 0) {
                break;
            }
            int end = out.indexOf("}", begin + 2);
            if (end < 0) {
                break;
            }
            String spec = out.substring(begin + 2, end);
            if (spec.isEmpty()) {
                offset = end + 1;
                continue;
            }
            int colon = spec.indexOf(':');
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String value = env.apply(name);
            if (value == null) {
                value = colon < 0 ? "" : spec.substring(colon + 1);
            }
            out.replace(begin, end + 1, value);
            offset = begin + value.length();
        }
        return out.toString();
    }
}
