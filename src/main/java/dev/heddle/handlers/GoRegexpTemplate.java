package dev.heddle.handlers;

import java.util.regex.Matcher;

/**
 * Go's {@code Regexp.Expand} template syntax, which Caddy's {@code map} uses for regexp
 * outputs: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}} (a name is letters, digits
 * and underscores; all digits = a group number), {@code $$} for a dollar sign; a group that is
 * missing or did not take part is empty, and a malformed {@code $} stays as written.
 */
final class GoRegexpTemplate {
    private GoRegexpTemplate() {
    }

    static String expand(String template, Matcher m) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 == template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            boolean braced = template.charAt(i + 1) == '{';
            int start = braced ? i + 2 : i + 1;
            int end = start;
            while (end < template.length() && isNameChar(template.charAt(end))) {
                end++;
            }
            if (end == start || (braced && (end == template.length() || template.charAt(end) != '}'))) {
                out.append('$');  // malformed: the dollar is plain text
                i++;
                continue;
            }
            out.append(group(m, template.substring(start, end)));
            i = braced ? end + 1 : end;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static String group(Matcher m, String name) {
        String v;
        if (name.chars().allMatch(Character::isDigit)) {
            int n = name.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(name);
            v = n <= m.groupCount() ? m.group(n) : null;
        } else {
            v = m.pattern().namedGroups().containsKey(name) ? m.group(name) : null;
        }
        return v == null ? "" : v;
    }
}
