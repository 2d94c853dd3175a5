package dev.heddle.caddyfile;

import java.util.Locale;

/**
 * A site address as httpcaddyfile/addresses.go parses it: {@code [scheme://]host[:port][/path]},
 * with host and scheme lower-cased outside placeholders.
 */
record SiteAddress(String original, String scheme, String host, String port, String path) {
    static SiteAddress parse(String str) throws CaddyfileException {
        String remaining = str.length() > 4096 ? str.substring(0, 4096).trim() : str.trim();
        String original = remaining;
        String scheme = "";
        int sep = remaining.indexOf("://");
        if (sep >= 0) {
            scheme = remaining.substring(0, sep);
            remaining = remaining.substring(sep + 3);
        }
        int slash = remaining.indexOf('/');
        String hostPort = slash < 0 ? remaining : remaining.substring(0, slash);
        String path = slash < 0 ? "" : "/" + remaining.substring(slash + 1);
        String host;
        String port;
        String[] hp = UpstreamAddress.splitHostPort(hostPort);
        if (hp == null) {
            hp = UpstreamAddress.splitHostPort(hostPort + ":");
        }
        if (hp == null) {
            host = hostPort;
            port = "";
        } else {
            host = hp[0];
            port = hp[1];
        }
        if (!port.isEmpty()) {
            int n;
            try {
                n = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new CaddyfileException("invalid port '" + port + "': strconv.Atoi: parsing \"" + port
                        + "\": invalid syntax");
            }
            if (n < 0 || n > 65535) {
                throw new CaddyfileException("port " + n + " is out of range");
            }
        }
        return new SiteAddress(original, scheme, host, port, path).normalize();
    }

    private SiteAddress normalize() {
        String h = host.trim();
        return new SiteAddress(original, lowerExceptPlaceholders(scheme), lowerExceptPlaceholders(h), port, path);
    }

    static String lowerExceptPlaceholders(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean escaped = false;
        boolean inPlaceholder = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\\' && !escaped) {
                escaped = true;
                sb.append(ch);
                continue;
            }
            if (ch == '{' && !escaped) {
                inPlaceholder = true;
            }
            if (ch == '}' && inPlaceholder && !escaped) {
                inPlaceholder = false;
            }
            sb.append(inPlaceholder ? ch : String.valueOf(ch).toLowerCase(Locale.ROOT));
            escaped = false;
        }
        return sb.toString();
    }
}
