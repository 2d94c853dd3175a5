package dev.heddle.http;

import dev.heddle.config.RespHeaderOpsConfig;
import dev.heddle.config.StatusCodes;

import java.util.List;
import java.util.Map;

/** Response header operations with Caddy's {@code require} (status codes or classes, and headers). */
public final class ResponseHeaderOps {
    public static final ResponseHeaderOps NONE = new ResponseHeaderOps(RespHeaderOpsConfig.NONE);

    private final HeaderOps ops;
    private final List<Integer> requireStatus;
    private final Map<String, List<String>> requireHeaders;
    private final boolean deferred;

    public ResponseHeaderOps(RespHeaderOpsConfig c) {
        this.ops = new HeaderOps(c.ops());
        this.requireStatus = c.requireStatus();
        this.requireHeaders = c.requireHeaders();
        this.deferred = c.deferred();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** Apply when the response is written, not at once (deferred, or a requirement to check then). */
    public boolean deferred() {
        return deferred || !requireStatus.isEmpty() || !requireHeaders.isEmpty();
    }

    /** Applies the ops if the response (status and its headers so far) meets the requirement. */
    public void apply(int status, HeaderStore headers, Exchange ex) {
        if (!ops.isEmpty() && required(status, headers)) {
            ops.apply(headers, ex);
        }
    }

    private boolean required(int status, HeaderStore headers) {
        if (!StatusCodes.anyMatches(requireStatus, status)) {
            return false;
        }
        for (Map.Entry<String, List<String>> e : requireHeaders.entrySet()) {
            List<String> actual = headers.values(e.getKey());
            if (actual.isEmpty()) {
                return false;
            }
            boolean any = e.getValue().isEmpty();
            for (String want : e.getValue()) {
                for (String v : actual) {
                    any |= HeaderGlob.matches(want, v);
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
