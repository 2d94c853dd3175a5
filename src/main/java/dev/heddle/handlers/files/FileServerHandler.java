package dev.heddle.handlers.files;

import dev.heddle.config.FileServerConfig;
import dev.heddle.handlers.encode.AcceptedEncodings;
import dev.heddle.http.Exchange;
import dev.heddle.http.GoPath;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.HeaderList;
import dev.heddle.http.Next;
import dev.heddle.http.Template;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Caddy's {@code file_server} (fileserver/staticfiles.go {@code ServeHTTP}): the request path
 * joined to the root so that it cannot climb out, index files, directory listings, hidden files,
 * canonical trailing slashes, precompressed sidecars, Caddy's ETag, then Go's ServeContent. One
 * difference on purpose: a symlink is followed only while its target stays under the root,
 * unless {@code "symlinks": "follow"} asks for Caddy's behaviour (its root is no sandbox).
 */
public final class FileServerHandler implements Handler {
    private final FileServerConfig config;
    private final Template root;
    private final List<Template> hide;
    private final List<Template> indexNames;
    private final Template statusCode;
    private final DirectoryListing browse;

    public FileServerHandler(FileServerConfig config) {
        this.config = config;
        this.root = Template.compile(config.root());
        this.hide = config.hide().stream().map(Template::compile).toList();
        this.indexNames = config.indexNames().stream().map(Template::compile).toList();
        this.statusCode = config.statusCode().isEmpty() ? null : Template.compile(config.statusCode());
        this.browse = config.browse() == null ? null : new DirectoryListing(config.browse());
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        String rootText = root.render(ex, Template.Unknown.EMPTY);
        HiddenFiles hidden = hide.isEmpty() ? HiddenFiles.NONE
                : HiddenFiles.of(hide.stream().map(t -> t.render(ex, Template.Unknown.EMPTY)).toList());
        Path rootPath;
        Path file;
        try {
            rootPath = Path.of(rootText.isEmpty() ? "." : rootText);
            file = sanitizedJoin(rootPath, ex.path());
        } catch (InvalidPathException e) {
            throw new HandlerException(400, "invalid path: " + e.getReason());
        }
        BasicFileAttributes info = stat(file);
        if (info == null) {
            notFound(ex, next);
            return;
        }
        boolean implicitIndex = false;
        if (info.isDirectory()) {
            for (Template t : indexNames) {
                Path index;
                try {
                    index = sanitizedJoin(file, t.render(ex, Template.Unknown.EMPTY));
                } catch (InvalidPathException e) {
                    continue;
                }
                if (hidden.hides(index)) {
                    continue;
                }
                BasicFileAttributes indexInfo = statQuietly(index);
                if (indexInfo != null) {
                    info = indexInfo;
                    file = index;
                    implicitIndex = true;
                    break;
                }
            }
        }
        if (info.isDirectory()) {
            if (browse != null && !hidden.hides(file) && insideRoot(rootPath, file)) {
                browse.serve(ex, next, this, rootPath, file, hidden);
            } else {
                notFound(ex, next);
            }
            return;
        }
        if (hidden.hides(file) || !insideRoot(rootPath, file)) {
            notFound(ex, next);
            return;
        }
        if (config.canonicalUris() && canonicalRedirect(ex, implicitIndex)) {
            return;
        }
        serveFile(ex, next, file, info);
    }

    private void serveFile(Exchange ex, Next next, Path file, BasicFileAttributes info) throws HandlerException {
        HeaderList h = ex.response().headers();
        String etag = h.first("ETag");  // set by an earlier handler: kept, as in Caddy
        h.add("Vary", "Accept-Encoding");
        FileChannel channel = null;
        long size = info.size();
        try {
            for (String encoding : AcceptedEncodings.of(ex, config.precompressedOrder())) {
                if (!config.precompressed().contains(encoding)) {
                    continue;
                }
                Path sidecar = Path.of(file + FileServerConfig.SIDECAR_SUFFIXES.get(encoding));
                BasicFileAttributes sideInfo = statQuietly(sidecar);
                if (sideInfo == null || sideInfo.isDirectory()) {
                    continue;
                }
                channel = openQuietly(sidecar);
                if (channel == null) {
                    continue;
                }
                h.set("Content-Encoding", encoding);
                size = sideInfo.size();
                if (etag == null) {
                    etag = etagFromFile(sidecar);
                }
                if (etag == null) {
                    etag = Etags.of(sideInfo);
                }
                break;
            }
            if (channel == null) {
                channel = open(ex, next, file);
                if (channel == null) {
                    return;  // gone since the stat: pass_thru ran, or 404 was thrown
                }
                if (etag == null) {
                    etag = etagFromFile(file);
                }
                if (etag == null) {
                    etag = Etags.of(info);
                }
            }
            if (!ex.method().equals("GET") && !ex.method().equals("HEAD") && ex.error() == null) {
                h.add("Allow", "GET, HEAD");
                throw new HandlerException(405, "");
            }
            if (etag != null && !etag.isEmpty()) {
                h.set("ETag", etag);
            }
            if (h.first("Content-Type") == null) {
                String type = MimeTypes.byExtension(extension(file));
                if (type != null) {
                    h.set("Content-Type", type);  // none otherwise: Caddy stops Go from sniffing
                }
            }
            ServeContent.serve(ex, channel, size, Etags.usefulSeconds(info), statusOverride(ex));
        } catch (IOException e) {
            throw new HandlerException(500, "serving " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
        }
    }

    /** The error's status inside error routes (500 when it has none), replaced by status_code when set. */
    private int statusOverride(Exchange ex) throws HandlerException {
        int override = ex.error() != null ? (ex.error().status() > 0 ? ex.error().status() : 500) : 0;
        if (statusCode != null) {
            String text = statusCode.render(ex, Template.Unknown.EMPTY).trim();
            try {
                override = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new HandlerException(500, "file_server: status_code \"" + text + "\" is not a number");
            }
        }
        return override;
    }

    /** Caddy's trailing-slash rules, only when the last path element was not rewritten (no redirect loops). */
    private static boolean canonicalRedirect(Exchange ex, boolean implicitIndex) {
        String orig = ex.originalPath();
        if (!GoPath.base(orig).equals(GoPath.base(ex.path()))) {
            return false;
        }
        if (implicitIndex && !orig.endsWith("/")) {
            redirect(ex, orig + "/");
            return true;
        }
        if (!implicitIndex && orig.endsWith("/")) {
            redirect(ex, orig.substring(0, orig.length() - 1));
            return true;
        }
        return false;
    }

    /**
     * Caddy's redirect (a 308 keeping the query, never to "//host") through Go's http.Redirect
     * (cleaned path, a small HTML body for GET). The path is written percent-encoded.
     */
    static void redirect(Exchange ex, String toPath) {
        while (toPath.startsWith("//")) {
            toPath = toPath.substring(1);
        }
        boolean trailing = toPath.endsWith("/");
        String cleaned = GoPath.clean(toPath);
        if (trailing && !cleaned.endsWith("/")) {
            cleaned += "/";
        }
        String location = dev.heddle.http.PathCodec.encode(cleaned) + (ex.rawQuery().isEmpty() ? "" : "?" + ex.rawQuery());
        HeaderList h = ex.response().headers();
        h.set("Location", location);
        ex.response().status(308);
        if (ex.method().equals("GET") || ex.method().equals("HEAD")) {
            h.set("Content-Type", "text/html; charset=utf-8");
        }
        byte[] body = ex.method().equals("GET")
                ? ("<a href=\"" + htmlEscape(location) + "\">Permanent Redirect</a>.\n\n").getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        ex.loggedStatus(308);
        ex.response().send(body);
    }

    static String htmlEscape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\'' -> b.append("&#39;");
                case '"' -> b.append("&#34;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    void notFound(Exchange ex, Next next) throws HandlerException {
        if (config.passThru()) {
            next.run(ex);
            return;
        }
        throw new HandlerException(404, "");
    }

    /**
     * Caddy's SanitizedPathJoin: the request path cleaned as if rooted (so ".." cannot climb),
     * joined under the root; a trailing slash is dropped (Caddy trims it before the stat).
     */
    static Path sanitizedJoin(Path root, String requestPath) {
        if (requestPath.indexOf('\0') >= 0) {
            throw new InvalidPathException(requestPath, "NUL byte in path");
        }
        String joined = GoPath.sanitizedJoin(root.toString(), requestPath);
        return Path.of(joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined);
    }

    /**
     * Beyond Caddy: unless configured to follow symlinks anywhere, the file's real path must
     * stay under the root's real path (a symlink out of the root is a 404).
     */
    private boolean insideRoot(Path root, Path file) {
        if (config.followSymlinks()) {
            return true;
        }
        try {
            return file.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /** The file's attributes, or null when it does not exist (Caddy's notFound); other failures are errors. */
    private static BasicFileAttributes stat(Path file) throws HandlerException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException | NotDirectoryException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw new HandlerException(403, "permission denied", e);
        } catch (FileSystemException e) {
            if ("Not a directory".equals(e.getReason())) {
                return null;  // Caddy's mapDirOpenError: a file used as a directory does not exist
            }
            throw new HandlerException(400, "invalid path: " + e.getReason(), e);
        } catch (IOException e) {
            throw new HandlerException(500, e.getMessage(), e);
        }
    }

    static BasicFileAttributes statQuietly(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Opens the file; on failure Caddy's answers: 404 (or pass_thru), 403, else 503 with Retry-After 2–4 s. */
    private FileChannel open(Exchange ex, Next next, Path file) throws HandlerException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            notFound(ex, next);
            return null;
        } catch (AccessDeniedException e) {
            throw new HandlerException(403, "permission denied", e);
        } catch (IOException e) {
            ex.response().headers().set("Retry-After", Integer.toString(ThreadLocalRandom.current().nextInt(2, 5)));
            throw new HandlerException(503, e.getMessage(), e);
        }
    }

    private static FileChannel openQuietly(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            return null;
        }
    }

    /** The first etag_file_extensions sidecar that exists holds the ETag (newlines dropped). */
    private String etagFromFile(Path file) throws HandlerException {
        for (String suffix : config.etagFileExtensions()) {
            Path p = Path.of(file + suffix);
            try {
                return Files.readString(p, StandardCharsets.UTF_8).replace("\n", "");
            } catch (NoSuchFileException e) {
                // try the next suffix
            } catch (IOException e) {
                throw new HandlerException(500, "cannot read etag from file " + p + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    private static String extension(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return GoPath.ext(name);
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // read-only: nothing lost
            }
        }
    }
}
