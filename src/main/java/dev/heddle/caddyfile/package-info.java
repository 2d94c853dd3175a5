/**
 * The Caddyfile: a lexer and parser that read it as Caddy 2.6.2 does ({@link Lexer},
 * {@link Parser}), and an adapter that turns the parsed blocks into the same JSON Caddy's
 * {@code caddy adapt} prints ({@link CaddyfileAdapter}), so that {@code run}, {@code validate},
 * {@code reload} and the admin API's {@code /load} share the JSON path (DESIGN.md §12).
 */
package dev.heddle.caddyfile;
