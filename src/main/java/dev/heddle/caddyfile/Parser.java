package dev.heddle.caddyfile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups tokens into server blocks, as {@code caddyfile/parse.go} of Caddy 2.6.2: site keys
 * (comma or space separated), an optional brace block, directives as segments, snippets
 * {@code (name) { }} and {@code import} of snippets or files (globs with one wildcard), with
 * {@code {args.N}} replaced in what is imported.
 */
public final class Parser {
    private static final Pattern ARGS = Pattern.compile("\\{args\\.(\\d+)}");

    private final Dispenser d;
    private final Function<String, String> env;
    private final Path baseDir;
    private final Map<String, List<Token>> snippets = new HashMap<>();
    private final ImportGraph imports = new ImportGraph();
    private List<String> keys;
    private List<List<Token>> segments;
    private boolean hasBraces;
    private boolean eof;
    private int nesting;

    private Parser(List<Token> tokens, Function<String, String> env, Path baseDir) {
        this.d = new Dispenser(tokens);
        this.env = env;
        this.baseDir = baseDir;
    }

    /** Parses Caddyfile text; {@code file} names it in tokens and errors, and anchors relative imports. */
    public static List<ServerBlock> parse(String file, String input, Function<String, String> env)
            throws CaddyfileException {
        return parse(file, input, env, Path.of("").toAbsolutePath());
    }

    /**
     * As {@link #parse(String, String, Function)}, with a relative {@code file} taken relative to
     * {@code baseDir} (Caddy takes it relative to the working directory).
     */
    public static List<ServerBlock> parse(String file, String input, Function<String, String> env, Path baseDir)
            throws CaddyfileException {
        return new Parser(allTokens(file, input, env), env, baseDir).parseAll();
    }

    static List<Token> allTokens(String file, String input, Function<String, String> env) {
        return Lexer.tokenize(EnvPlaceholders.replace(input, env), file);
    }

    private List<ServerBlock> parseAll() throws CaddyfileException {
        List<ServerBlock> blocks = new ArrayList<>();
        while (d.next()) {
            keys = new ArrayList<>();
            segments = new ArrayList<>();
            hasBraces = false;
            begin();
            if (!keys.isEmpty() || !segments.isEmpty()) {
                blocks.add(new ServerBlock(hasBraces, List.copyOf(keys), List.copyOf(segments)));
            }
            if (nesting > 0) {
                throw d.eofErr();
            }
        }
        return blocks;
    }

    private void begin() throws CaddyfileException {
        if (d.tokens().isEmpty()) {
            return;
        }
        addresses();
        if (eof) {
            return;
        }
        if (keys.size() == 1 && keys.get(0).startsWith("(") && keys.get(0).endsWith(")")) {
            String name = keys.get(0).substring(1, keys.get(0).length() - 1);
            if (snippets.containsKey(name)) {
                throw d.err("redeclaration of previously declared snippet " + name);
            }
            List<Token> body = new ArrayList<>();
            for (Token t : snippetTokens()) {
                body.add(t.inSnippet(name));
            }
            snippets.put(name, body);
            keys = new ArrayList<>();
            return;
        }
        blockContents();
    }

    private void addresses() throws CaddyfileException {
        boolean expectingAnother = false;
        while (true) {
            String tkn = d.val();
            if (tkn.equals("import") && d.isNewLine()) {
                doImport();
                continue;
            }
            if (tkn.equals("{")) {
                if (expectingAnother) {
                    throw d.err("Expected another address but had '" + tkn + "' - check for extra comma");
                }
                hasBraces = true;
                break;
            }
            if (tkn.endsWith("{")) {
                throw d.err("Site addresses cannot end with a curly brace: '" + tkn
                        + "' - put a space between the token and the brace");
            }
            if (!tkn.isEmpty()) {
                if (tkn.endsWith(",")) {
                    tkn = tkn.substring(0, tkn.length() - 1);
                    expectingAnother = true;
                } else {
                    expectingAnother = false;
                }
                if (tkn.contains(",")) {
                    throw d.err("Site addresses cannot contain a comma ',': '" + tkn
                            + "' - put a space after the comma to separate site addresses");
                }
                keys.add(tkn);
            }
            boolean hasNext = d.next();
            if (expectingAnother && !hasNext) {
                throw d.eofErr();
            }
            if (!hasNext) {
                eof = true;
                break;
            }
            if (!expectingAnother && d.isNewLine()) {
                break;
            }
        }
    }

    private void blockContents() throws CaddyfileException {
        boolean open = d.val().equals("{");
        if (!open) {
            // No braces: the directives follow on the next lines (a one-site Caddyfile).
            d.cursor(d.cursor() - 1);
        }
        directives();
        if (open && !d.val().equals("}")) {
            throw d.syntaxErr("}");
        }
    }

    private void directives() throws CaddyfileException {
        while (d.next()) {
            if (d.val().equals("}")) {
                break;
            }
            if (d.val().equals("import")) {
                doImport();
                d.cursor(d.cursor() - 1);
                continue;
            }
            directive();
        }
    }

    private void directive() throws CaddyfileException {
        List<Token> segment = new ArrayList<>();
        segment.add(d.token());
        while (d.next()) {
            String v = d.val();
            if (v.equals("{")) {
                nesting++;
                if (!d.isNextOnNewLine() && !d.token().quoted()) {
                    throw d.err("Unexpected next token after '{' on same line");
                }
            } else if (v.equals("{}")) {
                if (d.isNextOnNewLine() && !d.token().quoted()) {
                    throw d.err("Unexpected '{}' at end of line");
                }
            } else if (d.isNewLine() && nesting == 0) {
                d.cursor(d.cursor() - 1);
                break;
            } else if (v.equals("}") && nesting > 0) {
                nesting--;
            } else if (v.equals("}")) {
                throw d.err("Unexpected '}' because no matching opening brace");
            } else if (v.equals("import") && d.isNewLine()) {
                doImport();
                d.cursor(d.cursor() - 1);
                continue;
            }
            segment.add(d.token());
        }
        segments.add(segment);
        if (nesting > 0) {
            throw d.eofErr();
        }
    }

    private List<Token> snippetTokens() throws CaddyfileException {
        if (!d.val().equals("{")) {
            throw d.syntaxErr("{");
        }
        int depth = 1;
        List<Token> tokens = new ArrayList<>();
        while (d.next()) {
            if (d.val().equals("}")) {
                depth--;
                if (depth == 0) {
                    break;
                }
            }
            if (d.val().equals("{")) {
                depth++;
            }
            tokens.add(d.token());
        }
        if (depth != 0) {
            throw d.syntaxErr("}");
        }
        return tokens;
    }

    /** Replaces {@code import PATTERN ARGS...} (the cursor is on "import") by the imported tokens. */
    private void doImport() throws CaddyfileException {
        Token importToken = d.token();
        if (!d.nextArg()) {
            throw d.argErr();
        }
        String pattern = d.val();
        if (pattern.isEmpty()) {
            throw d.err("Import requires a non-empty filepath");
        }
        List<String> args = d.remainingArgs();
        List<Token> tokens = d.tokens();
        int before = d.cursor() - 1 - args.size();
        int after = d.cursor() + 1;

        List<Token> imported;
        List<String> nodes = new ArrayList<>();
        if (snippets.containsKey(pattern)) {
            imported = snippets.get(pattern);
            if (!imported.isEmpty()) {
                nodes.add(imported.get(0).file() + ":" + imported.get(0).snippet());
            }
        } else {
            imported = new ArrayList<>();
            List<Path> matches = ImportFiles.matches(d, baseDir, importToken.file(), pattern);
            for (Path p : matches) {
                imported.addAll(singleImport(p));
                nodes.add(p.toString());
            }
        }
        String node = importToken.file() + (importToken.snippet() != null ? ":" + importToken.snippet() : "");
        imports.addEdges(d, node, nodes);

        List<Token> copy = new ArrayList<>(imported.size());
        for (Token t : imported) {
            copy.add(t.withText(replaceArgs(t.text(), args)));
        }
        List<Token> rebuilt = new ArrayList<>(tokens.subList(0, before));
        rebuilt.addAll(copy);
        rebuilt.addAll(tokens.subList(Math.min(after, tokens.size()), tokens.size()));
        tokens.clear();
        tokens.addAll(rebuilt);
        d.cursor(d.cursor() - (args.size() + 1));
    }

    /** 2.6.2 replaces only {@code {args.N}} for an N that was given; anything else stays literal. */
    private static String replaceArgs(String text, List<String> args) {
        if (!text.contains("{args.")) {
            return text;
        }
        Matcher m = ARGS.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = m.group(0);
            try {
                int i = Integer.parseInt(m.group(1));
                if (i < args.size() && m.group(1).equals(Integer.toString(i))) {
                    replacement = args.get(i);
                }
            } catch (NumberFormatException tooBig) {
                // not an index any argument list has
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private List<Token> singleImport(Path file) throws CaddyfileException {
        if (Files.isDirectory(file)) {
            throw d.err("Could not import " + file + ": is a directory");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw d.err("Could not import " + file + ": " + e.getMessage());
        }
        String abs = file.toAbsolutePath().normalize().toString();
        List<Token> out = new ArrayList<>();
        for (Token t : allTokens(abs, text, env)) {
            out.add(t.withFile(abs));
        }
        return out;
    }

    /** The files an import pattern names, relative to the importing file's folder. */
    static final class ImportFiles {
        private ImportFiles() {
        }

        static List<Path> matches(Dispenser d, Path baseDir, String importingFile, String pattern)
                throws CaddyfileException {
            Path base;
            try {
                base = baseDir.resolve(importingFile.isEmpty() ? "." : importingFile).toAbsolutePath().getParent();
            } catch (java.nio.file.InvalidPathException e) {
                throw d.err("Failed to get absolute path of file: " + importingFile + ": " + e.getMessage());
            }
            Path glob;
            try {
                glob = Path.of(pattern).isAbsolute() ? Path.of(pattern) : base.resolve(pattern);
            } catch (java.nio.file.InvalidPathException e) {
                throw d.err("Failed to use import pattern " + pattern + ": " + e.getMessage());
            }
            String g = glob.normalize().toString();
            if (count(g, '*') > 1 || count(g, '?') > 1 || (g.contains("[") && g.contains("]"))) {
                throw d.err("Glob pattern may only contain one wildcard (*), but has others: " + g);
            }
            Path globPath = Path.of(g);
            String name = globPath.getFileName() == null ? "" : globPath.getFileName().toString();
            List<Path> found = new ArrayList<>();
            boolean wild = g.contains("*") || g.contains("?");
            if (!wild) {
                if (Files.exists(globPath)) {
                    found.add(globPath);
                }
            } else if (globPath.getParent() != null && Files.isDirectory(globPath.getParent())
                    && !globPath.getParent().toString().contains("*")) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(globPath.getParent(), name)) {
                    ds.forEach(found::add);
                } catch (IOException | RuntimeException e) {
                    throw d.err("Failed to use import pattern " + pattern + ": " + e.getMessage());
                }
                found.sort(null);
            }
            if (found.isEmpty() && !wild) {
                throw d.err("File to import not found: " + pattern);
            }
            return found;
        }

        private static int count(String s, char c) {
            return (int) s.chars().filter(x -> x == c).count();
        }
    }
}
