package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A regexp matcher's pattern and what it publishes: each capture as {@code http.regexp.N} and,
 * with a name, {@code http.regexp.<name>.N}; named groups by their names too (matchers.go,
 * MatchRegexp.Match).
 */
final class RegexpCaptures {
    private final String name;
    private final Pattern pattern;
    private final Map<String, Integer> groups;

    RegexpCaptures(String name, String pattern) {
        this.name = name;
        this.pattern = Pattern.compile(pattern);
        this.groups = this.pattern.namedGroups();
    }

    boolean matchAndPublish(String input, Exchange ex) {
        Matcher m = pattern.matcher(input);
        if (!m.find()) {
            return false;
        }
        for (int i = 0; i <= m.groupCount(); i++) {
            publish(ex, Integer.toString(i), m.group(i));
        }
        for (Map.Entry<String, Integer> g : groups.entrySet()) {
            publish(ex, g.getKey(), m.group(g.getValue()));
        }
        return true;
    }

    private void publish(Exchange ex, String suffix, String value) {
        String v = value == null ? "" : value;
        if (!name.isEmpty()) {
            ex.setVar("http.regexp." + name + "." + suffix, v);
        }
        ex.setVar("http.regexp." + suffix, v);
    }
}
