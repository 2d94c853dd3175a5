package dev.heddle.caddyfile;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocks, snippets, imports and environment variables, as Caddy 2.6.2's parser reads them. */
class ParserTest {
    private static List<ServerBlock> parse(String text, Map<String, String> env) throws CaddyfileException {
        return Parser.parse("Caddyfile", text, env::get);
    }

    private static List<String> segmentTexts(ServerBlock b, int i) {
        return b.segments().get(i).stream().map(Token::text).toList();
    }

    @Test
    void siteKeysWithCommasAndSpaces() throws CaddyfileException {
        ServerBlock b = parse("a.com, b.com c.com {\n\trespond x\n}\n", Map.of()).get(0);
        assertEquals(List.of("a.com", "b.com", "c.com"), b.keys());
        assertEquals(List.of("respond", "x"), segmentTexts(b, 0));
    }

    @Test
    void environmentVariablesAtParseTimeWithDefaults() throws CaddyfileException {
        ServerBlock b = parse(":{$PORT} {\n\trespond \"{$NAME:anon} {env.HOME} {$NONE}\"\n}\n", Map.of("PORT", "9")).get(0);
        assertEquals(List.of(":9"), b.keys());
        assertEquals(List.of("respond", "anon {env.HOME} "), segmentTexts(b, 0));
    }

    @Test
    void snippetArgumentsReplaceOnlyArgsDotN() throws CaddyfileException {
        ServerBlock b = parse("(s) {\n\trespond \"{args.0}:{args.1} {args[0]} {args.7}\"\n}\n:1 {\n\timport s a b\n}\n", Map.of())
                .get(0);
        assertEquals(List.of("respond", "a:b {args[0]} {args.7}"), segmentTexts(b, 0));
    }

    @Test
    void importsFilesAndGlobsRelativeToTheImportingFile() throws IOException, CaddyfileException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "caddyfile-parser");
        Files.createDirectories(dir.resolve("parts"));
        Files.writeString(dir.resolve("parts/1.caddy"), "respond /one one\n");
        Files.writeString(dir.resolve("parts/2.caddy"), "respond /two {args.0}\n");
        Path main = dir.resolve("Caddyfile");
        Files.writeString(main, ":1 {\n\timport parts/*.caddy two\n}\n");
        ServerBlock b = Parser.parse(main.toString(), Files.readString(main), name -> null).get(0);
        assertEquals(List.of("respond", "/one", "one"), segmentTexts(b, 0));
        assertEquals(List.of("respond", "/two", "two"), segmentTexts(b, 1));
        assertEquals(dir.resolve("parts/2.caddy").toAbsolutePath().toString(), b.segments().get(1).get(0).file());

        Files.writeString(dir.resolve("loop.caddy"), "import loop.caddy\n");
        Files.writeString(main, ":1 {\n\timport loop.caddy\n}\n");
        CaddyfileException cycle = assertThrows(CaddyfileException.class,
                () -> Parser.parse(main.toString(), Files.readString(main), name -> null));
        assertTrue(cycle.getMessage().contains("a cycle of imports exists"), cycle.getMessage());
    }

    @Test
    void errorsNameFileLineTokenAndWhatWasExpected() {
        CaddyfileException missing = assertThrows(CaddyfileException.class,
                () -> parse(":1 {\n\n\timport nothing-here\n}\n", Map.of()));
        assertEquals("Caddyfile:3 - Error during parsing: File to import not found: nothing-here", missing.getMessage());
        assertEquals(3, missing.line());

        CaddyfileException unclosed = assertThrows(CaddyfileException.class,
                () -> parse(":1 {\n\trespond x\n", Map.of()));
        assertEquals("Caddyfile:2 - Syntax error: Unexpected token 'x', expecting '}'", unclosed.getMessage());

        CaddyfileException sameLine = assertThrows(CaddyfileException.class,
                () -> parse(":1 {\n\treverse_proxy a { lb_policy first\n\t}\n}\n", Map.of()));
        assertEquals(2, sameLine.line());
        assertTrue(sameLine.getMessage().contains("Unexpected next token after '{' on same line"));

        CaddyfileException twice = assertThrows(CaddyfileException.class,
                () -> parse("(s) {\n}\n(s) {\n}\n", Map.of()));
        assertEquals("Caddyfile:3 - Error during parsing: redeclaration of previously declared snippet s", twice.getMessage());
    }
}
