package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A site block with its directive results ("pile", by kind) and, once mapped to a listener,
 * the keys that listen there (Caddy's serverBlock).
 */
final class SiteBlock {
    final int index;
    final List<String> keyTexts;
    final List<List<Token>> segments;
    final Map<String, List<ConfigValue>> pile;
    final List<SiteAddress> keys;

    SiteBlock(int index, List<String> keyTexts, List<List<Token>> segments, Map<String, List<ConfigValue>> pile,
              List<SiteAddress> keys) {
        this.index = index;
        this.keyTexts = keyTexts;
        this.segments = segments;
        this.pile = pile;
        this.keys = keys;
    }

    static SiteBlock of(int index, ServerBlock b) {
        return new SiteBlock(index, b.keys(), b.segments(), new LinkedHashMap<>(), List.of());
    }

    List<ConfigValue> pile(String kind) {
        return pile.getOrDefault(kind, List.of());
    }

    /** The hosts of the keys; none when a key has no host (it catches all), unless for logger names. */
    List<String> hostsFromKeys(boolean loggerMode) {
        Set<String> hosts = new LinkedHashSet<>();
        for (SiteAddress a : keys) {
            if (a.host().isEmpty()) {
                if (!loggerMode) {
                    return new ArrayList<>();
                }
                continue;
            }
            if (loggerMode && !a.port().isEmpty() && !a.port().equals("80") && !a.port().equals("443")) {
                hosts.add(UpstreamAddress.joinHostPort(a.host(), a.port()));
            } else {
                hosts.add(a.host());
            }
        }
        return new ArrayList<>(hosts);
    }

    List<String> hostsFromKeysNotHttp(String httpPort) {
        Set<String> hosts = new LinkedHashSet<>();
        for (SiteAddress a : keys) {
            if (!a.host().isEmpty() && !a.scheme().equals("http") && !a.port().equals(httpPort)) {
                hosts.add(a.host());
            }
        }
        return new ArrayList<>(hosts);
    }

    boolean hasHostCatchAllKey() {
        return keys.stream().anyMatch(a -> a.host().isEmpty());
    }

    boolean isAllHttp() {
        return keys.stream().allMatch(a -> a.scheme().equals("http"));
    }
}
