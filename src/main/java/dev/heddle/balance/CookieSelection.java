package dev.heddle.balance;

import dev.heddle.http.Cookies;
import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code cookie}: sticky sessions. The cookie holds hex HMAC-SHA256(secret, upstream dial);
 * while it names an available upstream, that one is used. Otherwise the fallback picks and the
 * cookie is set: {@code Path=/; HttpOnly; SameSite=Lax}, or {@code Secure; SameSite=None} when
 * the request came over TLS or from a trusted proxy saying X-Forwarded-Proto https.
 */
public record CookieSelection(String name, String secret, Duration maxAge, SelectionPolicy fallback)
        implements SelectionPolicy {

    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        String wanted = Cookies.value(ex, name);
        if (wanted != null) {
            for (Upstream u : pool) {
                if (u.available() && mac(u.dial()).equals(wanted)) {
                    return u;
                }
            }
        }
        Upstream chosen = fallback.select(pool, ex);
        if (chosen != null && ex.response() != null) {
            ex.response().headers().set("Set-Cookie", setCookie(ex, mac(chosen.dial())));
        }
        return chosen;
    }

    String setCookie(Exchange ex, String value) {
        StringBuilder sb = new StringBuilder(name).append('=').append(value).append("; Path=/");
        if (!maxAge.isZero()) {
            sb.append("; Max-Age=").append((maxAge.toMillis() + 999) / 1000);
        }
        sb.append("; HttpOnly");
        boolean proxiedHttps = ex.trustedPeer() && "https".equals(lastForwardedProto(ex));
        sb.append(ex.secure() || proxiedHttps ? "; Secure; SameSite=None" : "; SameSite=Lax");
        return sb.toString();
    }

    String mac(String dial) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            // HMAC pads keys with zeros, so one zero byte is the same key as Caddy's empty secret
            // (the JDK refuses an empty key spec).
            m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA256"));
            return HexFormat.of().formatHex(m.doFinal(dial.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String lastForwardedProto(Exchange ex) {
        List<String> v = ex.headers().values("X-Forwarded-Proto");
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }
}
