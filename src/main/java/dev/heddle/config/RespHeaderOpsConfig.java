package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Response header operations: {@link HeaderOpsConfig} plus {@code require} (apply only to
 * responses whose status and headers match) and {@code deferred} (apply when the response is
 * written, in the standalone headers handler).
 *
 * @param requireStatus codes, or one digit for a class; empty = any
 * @param requireHeaders header-matcher style: listed values are alternatives with "*" globs
 */
public record RespHeaderOpsConfig(HeaderOpsConfig ops, List<Integer> requireStatus,
                                  Map<String, List<String>> requireHeaders, boolean deferred) {
    public static final RespHeaderOpsConfig NONE = new RespHeaderOpsConfig(HeaderOpsConfig.NONE, List.of(), Map.of(), false);

    public static RespHeaderOpsConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return NONE;
        }
        n.requireObject();
        HeaderOpsConfig ops = HeaderOpsConfig.read(n);
        List<Integer> status = new ArrayList<>();
        Map<String, List<String>> headers = Map.of();
        Node require = n.field("require");
        if (!require.absent()) {
            require.requireObject();
            for (Node s : require.field("status_code").elements()) {
                status.add(s.intValue(0, 1, 999));
            }
            headers = require.field("headers").stringLists();
            require.done();
        }
        boolean deferred = n.field("deferred").bool(false);
        n.done();
        return new RespHeaderOpsConfig(ops, List.copyOf(status), headers, deferred);
    }
}
