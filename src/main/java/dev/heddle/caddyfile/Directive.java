package dev.heddle.caddyfile;

import java.util.List;

/** Parses one directive's tokens into config values (Caddy's UnmarshalFunc). */
@FunctionalInterface
interface Directive {
    List<ConfigValue> parse(Helper h) throws CaddyfileException;
}
