package dev.heddle.handlers.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory tree served by the file_server tests: a site root with files, an index,
 * a hidden file, sidecars, symlinks in and out of the root, and a secret next to the root that
 * must never be served. Every file has the same known modification time.
 */
final class SiteTree implements AutoCloseable {
    static final Instant MTIME = Instant.parse("2024-01-02T03:04:05.123456789Z");
    static final String SECRET = "TOP-SECRET-OUTSIDE-THE-ROOT";

    final Path base;
    final Path root;

    SiteTree() throws IOException {
        base = Files.createTempDirectory("heddle-site");
        root = base.resolve("site");
        write("a.txt", "hello world\n");
        write("style.css", "body { color: red }\n");
        write("style.css.gz", "pretend-gzip");
        write("style.css.br", "pretend-brotli");
        write("page.html", "<p>page</p>");
        write("data.json", "{}");
        write("noext", "x");
        write("dir/index.html", "<h1>index</h1>");
        write("dir/sub/n.txt", "nested");
        write("list/b.txt", "bb");
        write("list/a.txt", "a");
        write("list/C-big.txt", "c".repeat(3000));
        write("list/zdir/x", "x");
        write("list/.secretfile", "hidden");
        write(".hidden", "dot");
        write("private/key.txt", "key");
        write("sp ace.txt", "space");
        write("ünï.txt", "unicode");
        byte[] blob = new byte[5000];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = (byte) (i * 31 + 7);
        }
        Files.createDirectories(root);
        Files.write(root.resolve("blob.bin"), blob);
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.createDirectories(base.resolve("outside-dir"));
        Files.writeString(base.resolve("outside-dir/s.txt"), SECRET);
        Files.createSymbolicLink(root.resolve("link-in"), Path.of("a.txt"));
        Files.createSymbolicLink(root.resolve("link-out"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), Path.of("../outside-dir"));
        try (Stream<Path> all = Files.walk(base)) {
            all.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> touch(p));
        }
    }

    private void write(String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(MTIME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(base)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
