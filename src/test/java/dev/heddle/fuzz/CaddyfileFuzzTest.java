package dev.heddle.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.caddyfile.CaddyfileAdapter;
import dev.heddle.caddyfile.CaddyfileException;
import dev.heddle.caddyfile.Lexer;
import dev.heddle.caddyfile.Parser;
import dev.heddle.caddyfile.Token;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any text: the lexer gives tokens (lines from 1, never going back), the parser gives blocks or
 * a CaddyfileException naming a line, and the whole adapter gives JSON or a CaddyfileException;
 * nothing else escapes. "import" is defused so that fuzzed text never reads the file system.
 */
class CaddyfileFuzzTest {
    private static final Path BASE = Path.of("target").toAbsolutePath();

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void lexer(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<Token> tokens = Lexer.tokenize(text, "Caddyfile");
        int line = 1;
        for (Token t : tokens) {
            assertTrue(t.line() >= line, "line " + t.line() + " after line " + line);
            line = t.line();
        }
        try {
            Parser.parse("Caddyfile", defused(text), name -> null, BASE);
        } catch (CaddyfileException e) {
            assertTrue(e.line() > 0, "a parse error names its line: " + e.getMessage());
        }
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void adapter(byte[] input) {
        String text = defused(new String(input, StandardCharsets.UTF_8));
        try {
            CaddyfileAdapter.toJson(CaddyfileAdapter.adapt("Caddyfile", text, name -> null, BASE), false);
        } catch (CaddyfileException refused) {
            assertTrue(!refused.getMessage().isEmpty());
        }
    }

    private static String defused(String text) {
        return text.replace("import", "imp0rt");
    }
}
