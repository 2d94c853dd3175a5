package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over tokens with Caddy's navigation words ({@code caddyfile/dispenser.go}):
 * {@link #next} to any token, {@link #nextArg} on the same line, {@link #nextBlock} into
 * and through a {@code { }} block, and the errors that name the current token's file and line.
 */
public final class Dispenser {
    private final List<Token> tokens;
    private int cursor = -1;
    private int nesting;

    public Dispenser(List<Token> tokens) {
        this.tokens = new ArrayList<>(tokens);
    }

    List<Token> tokens() {
        return tokens;
    }

    int cursor() {
        return cursor;
    }

    void cursor(int c) {
        cursor = c;
    }

    public boolean next() {
        if (cursor < tokens.size() - 1) {
            cursor++;
            return true;
        }
        return false;
    }

    public boolean prev() {
        if (cursor > -1) {
            cursor--;
            return cursor > -1;
        }
        return false;
    }

    /** The next token if it is on the same line and is not an opening brace. */
    public boolean nextArg() {
        if (!nextOnSameLine()) {
            return false;
        }
        if (val().equals("{")) {
            cursor--;
            return false;
        }
        return true;
    }

    private boolean nextOnSameLine() {
        if (cursor < 0) {
            cursor++;
            return true;
        }
        if (cursor >= tokens.size()) {
            return false;
        }
        if (cursor < tokens.size() - 1) {
            Token cur = tokens.get(cursor);
            Token nxt = tokens.get(cursor + 1);
            if (cur.file().equals(nxt.file()) && cur.line() + cur.lineBreaks() == nxt.line()) {
                cursor++;
                return true;
            }
        }
        return false;
    }

    /** Enters a block opened on this line, then moves through it; false at its closing brace. */
    public boolean nextBlock(int initialNesting) {
        if (nesting > initialNesting) {
            if (!next()) {
                return false;
            }
            if (val().equals("}") && !nextOnSameLine()) {
                nesting--;
            } else if (val().equals("{") && !nextOnSameLine()) {
                nesting++;
            }
            return nesting > initialNesting;
        }
        if (!nextOnSameLine()) {
            return false;
        }
        if (!val().equals("{")) {
            cursor--;
            return false;
        }
        next();
        if (val().equals("}")) {
            return false;
        }
        nesting++;
        return true;
    }

    public int nesting() {
        return nesting;
    }

    public String val() {
        return cursor < 0 || cursor >= tokens.size() ? "" : tokens.get(cursor).text();
    }

    public Token token() {
        return cursor < 0 || cursor >= tokens.size() ? new Token("", 0, "", (char) 0, null) : tokens.get(cursor);
    }

    public int line() {
        return token().line();
    }

    public String file() {
        return token().file();
    }

    public List<String> remainingArgs() {
        List<String> args = new ArrayList<>();
        while (nextArg()) {
            args.add(val());
        }
        return args;
    }

    public int countRemainingArgs() {
        int count = 0;
        while (nextArg()) {
            count++;
        }
        for (int i = 0; i < count; i++) {
            prev();
        }
        return count;
    }

    /** The current token, its arguments and its block, if any (the cursor ends on its last token). */
    public List<Token> nextSegment() {
        List<Token> seg = new ArrayList<>();
        seg.add(token());
        while (nextArg()) {
            seg.add(token());
        }
        boolean opened = false;
        for (int n = nesting; nextBlock(n); ) {
            if (!opened) {
                prev();
                seg.add(token());
                next();
                opened = true;
            }
            seg.add(token());
        }
        if (opened) {
            seg.add(token());
        }
        return seg;
    }

    public void reset() {
        cursor = -1;
        nesting = 0;
    }

    /** Removes the current token; the cursor moves back one. */
    public void delete() {
        if (cursor >= 0 && cursor < tokens.size()) {
            tokens.remove(cursor);
            cursor--;
        }
    }

    boolean isNewLine() {
        if (cursor < 1) {
            return true;
        }
        if (cursor > tokens.size() - 1) {
            return false;
        }
        Token prev = tokens.get(cursor - 1);
        Token curr = tokens.get(cursor);
        return !prev.file().equals(curr.file()) || prev.line() + prev.lineBreaks() < curr.line();
    }

    boolean isNextOnNewLine() {
        if (cursor < 0) {
            return false;
        }
        if (cursor >= tokens.size() - 1) {
            return true;
        }
        Token curr = tokens.get(cursor);
        Token next = tokens.get(cursor + 1);
        return !curr.file().equals(next.file()) || curr.line() + curr.lineBreaks() < next.line();
    }

    public CaddyfileException err(String message) {
        return new CaddyfileException(file(), line(), "Error during parsing: " + message);
    }

    public CaddyfileException argErr() {
        if (val().equals("{")) {
            return err("Unexpected token '{', expecting argument");
        }
        return err("Wrong argument count or unexpected line ending after '" + val() + "'");
    }

    public CaddyfileException syntaxErr(String expected) {
        return new CaddyfileException(file(), line(),
                "Syntax error: Unexpected token '" + val() + "', expecting '" + expected + "'");
    }

    public CaddyfileException eofErr() {
        return err("Unexpected EOF");
    }
}
