package dev.heddle.cli;

import dev.heddle.caddyfile.CaddyfileAdapter;
import dev.heddle.caddyfile.CaddyfileException;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;

import java.nio.file.Path;

/**
 * Reads a config file as Caddy decides its format: with {@code --adapter caddyfile}, or when the
 * base name (lower-cased) starts with "caddyfile" or ends with ".caddyfile", it is adapted to
 * JSON first; anything else is Caddy JSON. Both then take the one JSON path.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static HeddleConfig load(String file, String adapter) throws ConfigException {
        if (!usesCaddyfile(file, adapter)) {
            return ConfigLoader.load(Path.of(file));
        }
        return ConfigLoader.parse(adaptedJson(file, false));
    }

    static boolean usesCaddyfile(String file, String adapter) throws ConfigException {
        if (adapter == null || adapter.isEmpty()) {
            return CaddyfileAdapter.isCaddyfile(Path.of(file));
        }
        if (adapter.equals("caddyfile")) {
            return true;
        }
        throw new ConfigException("", "unrecognized config adapter '" + adapter + "' (Heddle knows 'caddyfile')");
    }

    /** The Caddyfile adapted to Caddy JSON text. */
    static String adaptedJson(String file, boolean pretty) throws ConfigException {
        if (!java.nio.file.Files.exists(Path.of(file))) {
            throw new ConfigException("", "config file " + file + " does not exist");
        }
        try {
            return CaddyfileAdapter.toJson(CaddyfileAdapter.adaptFile(Path.of(file), System::getenv), pretty);
        } catch (CaddyfileException e) {
            throw new ConfigException("", "adapting config using caddyfile: " + e.getMessage());
        }
    }
}
