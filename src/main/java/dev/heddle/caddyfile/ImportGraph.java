package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who imports whom, so that an import cycle is an error instead of endless expansion. */
final class ImportGraph {
    private final Map<String, Set<String>> edges = new HashMap<>();

    void addEdges(Dispenser d, String from, List<String> to) throws CaddyfileException {
        for (String t : to) {
            if (t.equals(from) || reaches(t, from)) {
                throw d.err("a cycle of imports exists between " + from + " and " + t);
            }
            edges.computeIfAbsent(from, k -> new HashSet<>()).add(t);
        }
    }

    private boolean reaches(String start, String target) {
        List<String> todo = new ArrayList<>(List.of(start));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (n.equals(target)) {
                return true;
            }
            if (seen.add(n)) {
                todo.addAll(edges.getOrDefault(n, Set.of()));
            }
        }
        return false;
    }
}
