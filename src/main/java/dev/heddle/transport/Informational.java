package dev.heddle.transport;

import java.util.List;

/**
 * Receives the upstream's informational responses other than 100 and 101 (e.g. 103 Early
 * Hints), as they arrive and before the final response, so that they can be relayed.
 */
@FunctionalInterface
public interface Informational {
    Informational IGNORE = (status, headers) -> { };

    void received(int status, List<HeaderField> headers);
}
