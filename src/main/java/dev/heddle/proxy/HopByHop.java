package dev.heddle.proxy;

import dev.heddle.http.FieldName;
import dev.heddle.http.HeaderList;

import dev.heddle.transport.HeaderField;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Hop-by-hop fields (RFC 9110 §7.6.1 and Caddy's hopHeaders list in reverseproxy.go): they
 * describe one connection and are never forwarded, nor is any field the Connection header names.
 */
final class HopByHop {
    private HopByHop() {
    }

    /** Whether a field never crosses a hop; any case, no allocation (it runs for every field, both ways). */
    static boolean isHopByHop(String name) {
        return isHopByHop(FieldName.id(name));  // every hop-by-hop name is a listed one
    }

    /** {@link #isHopByHop(String)} for a field whose name's id is known: an int switch. */
    static boolean isHopByHop(int id) {
        return switch (id) {
            case FieldName.TE, FieldName.TRAILER, FieldName.UPGRADE, FieldName.ALT_SVC, FieldName.CONNECTION,
                 FieldName.KEEP_ALIVE, FieldName.PROXY_CONNECTION, FieldName.TRANSFER_ENCODING,
                 FieldName.PROXY_AUTHENTICATE, FieldName.PROXY_AUTHORIZATION -> true;
            default -> false;
        };
    }

    /**
     * Whether the field is one the Connection header named ({@code named} holds lower-cased
     * names). The usual set is a token or two ("keep-alive"), scanned without a lower-cased copy
     * of the name (this runs for every field of every message with a Connection header); a long
     * list a client made up is looked up, so fields times tokens never grows quadratic.
     */
    static boolean named(Set<String> named, String name) {
        if (named.isEmpty()) {
            return false;
        }
        if (named.size() > 4) {
            return named.contains(name.toLowerCase(Locale.ROOT));
        }
        for (String n : named) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Lower-cased field names listed in the Connection header(s). */
    static Set<String> connectionTokens(Iterable<String> connectionValues) {
        return tokens(connectionValues, false);
    }

    /**
     * The fields the Connection header(s) name beyond the hop-by-hop ones, which go anyway:
     * lower-cased, and usually none, so the common "keep-alive" costs no set. ("close" stays: a
     * field named Close goes too, as in Go's removeHopByHopHeaders.)
     */
    static Set<String> namedFields(Iterable<String> connectionValues) {
        return tokens(connectionValues, true);
    }

    private static Set<String> tokens(Iterable<String> connectionValues, boolean beyondHopByHop) {
        Set<String> out = null;
        for (String v : connectionValues) {
            for (String token : v.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !(beyondHopByHop && isHopByHop(t))) {
                    if (out == null) {
                        out = new HashSet<>();
                    }
                    out.add(t);
                }
            }
        }
        return out == null ? Set.of() : out;
    }

    static Set<String> namedFields(HeaderList headers) {
        return namedFields(headers.values("Connection"));
    }

    static Set<String> connectionTokens(HeaderList headers) {
        return connectionTokens(headers.values("Connection"));
    }

    /**
     * An upstream response's end-to-end fields: the hop-by-hop ones, those its Connection header
     * names, and Content-Length (the server frames the body itself) are left out.
     */
    static List<HeaderField> endToEnd(List<HeaderField> fields) {
        List<String> connection = null;  // once per response: no stream, no list when there is none
        for (HeaderField h : fields) {
            if (h.name().equalsIgnoreCase("connection")) {
                if (connection == null) {
                    connection = new ArrayList<>(1);
                }
                connection.add(h.value());
            }
        }
        Set<String> named = connection == null ? Set.of() : namedFields(connection);
        List<HeaderField> out = new ArrayList<>(fields.size());
        for (HeaderField h : fields) {
            String name = h.name();
            if (!isHopByHop(name) && !named(named, name) && !name.equalsIgnoreCase("content-length")) {
                out.add(h);
            }
        }
        return out;
    }

    /** Whether the client's TE asks for trailers: the only TE value a proxy passes on. */
    static boolean wantsTrailers(HeaderList headers) {
        for (String v : headers.values("TE")) {
            for (String token : v.split(",")) {
                String t = token.trim();
                int semi = t.indexOf(';');
                if ((semi < 0 ? t : t.substring(0, semi).trim()).equalsIgnoreCase("trailers")) {
                    return true;
                }
            }
        }
        return false;
    }
}
