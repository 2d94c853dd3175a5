package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Caddyfile text into tokens, as {@code caddyconfig/caddyfile/lexer.go} of Caddy 2.6.2:
 * whitespace separates tokens; {@code "..."} keeps spaces and newlines, and inside it only
 * {@code \"} is an escape (any other backslash stays); {@code `...`} is literal; {@code #} at
 * the start of a token comments out the rest of the line; a backslash before a newline joins
 * the lines (the next token still counts the skipped line). 2.6.2 has no heredocs.
 */
public final class Lexer {
    private final String input;
    private final String file;
    private int pos;
    private int line = 1;
    private int skippedLines;

    private Lexer(String input, String file) {
        // A byte order mark is not part of the text (lexer.go load).
        this.input = input.startsWith("\uFEFF") ? input.substring(1) : input;
        this.file = file;
    }

    public static List<Token> tokenize(String input, String file) {
        Lexer lexer = new Lexer(input, file);
        List<Token> tokens = new ArrayList<>();
        for (Token t = lexer.next(); t != null; t = lexer.next()) {
            tokens.add(t);
        }
        return tokens;
    }

    /** The next token, or null at the end of the input. */
    private Token next() {
        StringBuilder val = new StringBuilder();
        boolean comment = false;
        boolean quoted = false;
        boolean backtick = false;
        boolean escaped = false;
        int tokenLine = line;
        while (pos < input.length()) {
            int ch = input.codePointAt(pos);
            pos += Character.charCount(ch);
            if (!escaped && !backtick && ch == '\\') {
                escaped = true;
                continue;
            }
            if (quoted || backtick) {
                if (quoted && escaped) {
                    // Only a quote is escaped inside quotes; any other backslash is literal.
                    if (ch != '"') {
                        val.append('\\');
                    }
                    escaped = false;
                } else if (quoted && ch == '"') {
                    return new Token(file, tokenLine, val.toString(), '"', null);
                } else if (backtick && ch == '`') {
                    return new Token(file, tokenLine, val.toString(), '`', null);
                }
                if (ch == '\n') {
                    line += 1 + skippedLines;
                    skippedLines = 0;
                }
                val.appendCodePoint(ch);
                continue;
            }
            if (isSpace(ch)) {
                if (ch == '\r') {
                    continue;
                }
                if (ch == '\n') {
                    if (escaped) {
                        skippedLines++;
                        escaped = false;
                    } else {
                        line += 1 + skippedLines;
                        skippedLines = 0;
                    }
                    comment = false;
                }
                if (!val.isEmpty()) {
                    return new Token(file, tokenLine, val.toString(), (char) 0, null);
                }
                continue;
            }
            if (ch == '#' && val.isEmpty()) {
                comment = true;
            }
            if (comment) {
                continue;
            }
            if (val.isEmpty()) {
                tokenLine = line;
                if (ch == '"') {
                    quoted = true;
                    continue;
                }
                if (ch == '`') {
                    backtick = true;
                    continue;
                }
            }
            if (escaped) {
                val.append('\\');
                escaped = false;
            }
            val.appendCodePoint(ch);
        }
        // The end of the input ends a token, even an unclosed quoted one (as 2.6.2 does).
        return val.isEmpty() ? null : new Token(file, tokenLine, val.toString(), (char) 0, null);
    }

    /** Go's unicode.IsSpace. */
    private static boolean isSpace(int ch) {
        return switch (ch) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default -> ch > 0xFF && Character.isWhitespace(ch) || ch == 0x2007 || ch == 0x202F;
        };
    }
}
