package dev.heddle.caddyfile;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens and their lines, as Caddy 2.6.2's lexer gives them. */
class LexerTest {
    private static List<String> texts(String input) {
        return Lexer.tokenize(input, "Caddyfile").stream().map(Token::text).toList();
    }

    private static List<Integer> lines(String input) {
        return Lexer.tokenize(input, "Caddyfile").stream().map(Token::line).toList();
    }

    @Test
    void quotesKeepSpacesAndOnlyAQuoteIsEscaped() {
        assertEquals(List.of("a", "b c", "say \"hi\"", "back\\slash"),
                texts("a \"b c\" \"say \\\"hi\\\"\" \"back\\slash\""));
    }

    @Test
    void backticksAreLiteral() {
        assertEquals(List.of("{\"a\": \"b\"}", "x\\\"y"), texts("`{\"a\": \"b\"}` `x\\\"y`"));
    }

    @Test
    void commentsStartOnlyAtATokenStart() {
        assertEquals(List.of("a", "b#c", "d"), texts("a # gone\nb#c # gone too\nd"));
    }

    @Test
    void continuationJoinsLinesAndTheSkippedLineStillCounts() {
        assertEquals(List.of("a", "b", "c"), texts("a \\\n  b\nc"));
        assertEquals(List.of(1, 1, 3), lines("a \\\n  b\nc"));
    }

    @Test
    void aQuotedTokenSpanningLinesHasItsFirstLine() {
        assertEquals(List.of(1, 1, 3), lines("a \"x\ny\"\nb"));
    }

    @Test
    void anUnclosedQuoteEndsAtTheEndOfInput() {
        assertEquals(List.of("a", "b c\n"), texts("a \"b c\n"));
    }

    @Test
    void emptyQuotesAreAToken() {
        assertEquals(List.of("", "x"), texts("\"\" x"));
    }
}
