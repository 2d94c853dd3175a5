package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * State shared by every directive of one adaptation: the global options, the group-name counter
 * (mutually exclusive route groups are named group0, group1, ... in parse order), the access-log
 * counter and the warnings.
 */
final class AdaptContext {
    final Map<String, Object> options;
    final List<String> warnings = new ArrayList<>();
    /** The directive order, which the global {@code order} option may change. */
    final List<String> order;
    private int groups;
    private int logs;

    AdaptContext(Map<String, Object> options, List<String> order) {
        this.options = options;
        this.order = order;
    }

    String nextGroup() {
        return "group" + groups++;
    }

    String nextLogName() {
        return "log" + logs++;
    }
}
