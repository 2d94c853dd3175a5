package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** The {@code file} matcher's Caddyfile form (fileserver/matcher.go). */
final class FileMatcher {
    private FileMatcher() {
    }

    static ObjectNode parse(Dispenser d) throws CaddyfileException {
        List<String> tryFiles = new ArrayList<>();
        List<String> split = null;
        String root = null;
        String policy = null;
        while (d.next()) {
            tryFiles.addAll(d.remainingArgs());
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "root" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        root = d.val();
                    }
                    case "try_files" -> {
                        tryFiles.addAll(d.remainingArgs());
                        if (tryFiles.isEmpty()) {
                            throw d.argErr();
                        }
                    }
                    case "try_policy" -> {
                        if (!d.nextArg()) {
                            throw d.argErr();
                        }
                        policy = d.val();
                    }
                    case "split_path" -> {
                        split = d.remainingArgs();
                        if (split.isEmpty()) {
                            throw d.argErr();
                        }
                    }
                    default -> throw d.err("unrecognized subdirective: " + d.val());
                }
            }
        }
        return json(root, tryFiles, policy, split);
    }

    static ObjectNode json(String root, List<String> tryFiles, String policy, List<String> split) {
        ObjectNode o = Json.obj();
        if (root != null && !root.isEmpty()) {
            o.put("root", root);
        }
        if (tryFiles != null && !tryFiles.isEmpty()) {
            o.set("try_files", Json.strings(tryFiles));
        }
        if (policy != null && !policy.isEmpty()) {
            o.put("try_policy", policy);
        }
        if (split != null && !split.isEmpty()) {
            o.set("split_path", Json.strings(split));
        }
        return o;
    }
}
