package dev.heddle.caddyfile;

/**
 * One Caddyfile token. {@code quote} is the quote character the token was written with
 * ({@code '"'} or {@code '`'}), or 0. {@code snippet} names the snippet the token was copied
 * from, or is null.
 */
public record Token(String file, int line, String text, char quote, String snippet) {
    public boolean quoted() {
        return quote != 0;
    }

    Token withText(String newText) {
        return new Token(file, line, newText, quote, snippet);
    }

    Token withFile(String newFile) {
        return new Token(newFile, line, text, quote, snippet);
    }

    Token inSnippet(String name) {
        return new Token(file, line, text, quote, name);
    }

    /** Line breaks inside the token (a quoted token may span lines). */
    int lineBreaks() {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
