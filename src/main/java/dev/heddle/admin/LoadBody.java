package dev.heddle.admin;

import dev.heddle.caddyfile.CaddyfileAdapter;
import dev.heddle.caddyfile.CaddyfileException;
import dev.heddle.config.ConfigException;

import java.util.Locale;

/**
 * The body of {@code POST /load} as JSON text: as in Caddy's admin API, a {@code text/<adapter>}
 * content type names a config adapter ({@code text/caddyfile}); anything else is JSON.
 */
final class LoadBody {
    private LoadBody() {
    }

    static String json(String contentType, String body) throws ConfigException {
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.startsWith("text/")) {
            return body;
        }
        String adapter = mime.substring("text/".length());
        if (!adapter.equals("caddyfile")) {
            throw new ConfigException("", "unrecognized config adapter '" + adapter + "' (Heddle knows 'caddyfile')");
        }
        try {
            // No file: imports are relative to the working directory, as Caddy's are.
            return CaddyfileAdapter.toJson(CaddyfileAdapter.adapt("Caddyfile", body, System::getenv), false);
        } catch (CaddyfileException e) {
            throw new ConfigException("", "adapting config using caddyfile: " + e.getMessage());
        }
    }
}
