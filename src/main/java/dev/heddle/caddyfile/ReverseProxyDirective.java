package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code reverse_proxy} (reverseproxy/caddyfile.go of 2.6.2): upstreams, load balancing,
 * active and passive health checks, header manipulation, buffering, transports, dynamic
 * upstreams and {@code handle_response}. Subdirectives added after 2.6.2 are refused as
 * 2.6.2 refuses them.
 */
final class ReverseProxyDirective {
    private static final List<String> PRIVATE_RANGES = List.of(
            "192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8", "127.0.0.1/8", "fd00::/8", "::1");

    private final Dispenser d;
    private final ObjectNode h;
    private final Map<String, ObjectNode> responseMatchers = new HashMap<>();
    private final List<List<Token>> handleResponseSegments = new ArrayList<>();
    private final ArrayNode handleResponse = Json.F.arrayNode();
    private String commonScheme = "";
    private ObjectNode transport;
    private String transportName;

    private ReverseProxyDirective(Dispenser d, ObjectNode base) {
        this.d = d;
        this.h = base;
    }

    static ObjectNode parse(Helper helper) throws CaddyfileException {
        ObjectNode handler = Json.handler("reverse_proxy");
        ReverseProxyDirective p = new ReverseProxyDirective(helper.d, handler);
        p.unmarshal();
        p.finish(helper);
        return handler;
    }

    /** php_fastcgi and forward_auth start from a handler they have partly built. */
    static ObjectNode parseInto(Helper helper, Dispenser d, ObjectNode handler) throws CaddyfileException {
        ReverseProxyDirective p = new ReverseProxyDirective(d, handler);
        if (handler.has("handle_response")) {
            handler.remove("handle_response").forEach(p.handleResponse::add);
        }
        p.unmarshal();
        p.finish(helper);
        return handler;
    }

    private void unmarshal() throws CaddyfileException {
        while (d.next()) {
            for (String up : d.remainingArgs()) {
                appendUpstream(up);
            }
            while (d.nextBlock(0)) {
                if (d.val().startsWith("@")) {
                    ResponseMatchers.parseNamed(new Dispenser(d.nextSegment()), responseMatchers);
                    continue;
                }
                subdirective(d.val());
            }
        }
        applyTransport();
    }

    private void subdirective(String name) throws CaddyfileException {
        switch (name) {
            case "to" -> {
                List<String> args = d.remainingArgs();
                if (args.isEmpty()) {
                    throw d.argErr();
                }
                for (String up : args) {
                    appendUpstream(up);
                }
            }
            case "dynamic" -> {
                if (!d.nextArg()) {
                    throw d.argErr();
                }
                if (h.has("dynamic_upstreams")) {
                    throw d.err("dynamic upstreams already specified");
                }
                h.set("dynamic_upstreams", DynamicUpstreams.parse(d));
            }
            case "lb_policy" -> {
                if (!d.nextArg()) {
                    throw d.argErr();
                }
                if (lb().has("selection_policy")) {
                    throw d.err("load balancing selection policy already specified");
                }
                lb().set("selection_policy", SelectionPolicies.parse(d));
            }
            case "lb_retries" -> lb().put("retries", Units.integer(d, arg(), "bad lb_retries number"));
            case "lb_try_duration" -> lb().put("try_duration", Units.duration(d, arg()));
            case "lb_try_interval" -> lb().put("try_interval", Units.duration(d, arg()));
            case "lb_retry_match" -> HeaderDirectives.array(lb(), "retry_match").add(MatcherDefinitions.nestedSet(d));
            case "health_uri" -> active().put("uri", arg());
            case "health_path" -> active().put("path", arg());
            case "health_port" -> active().put("port", Units.integer(d, arg(), "bad port number"));
            case "health_headers" -> {
                ObjectNode headers = Json.obj();
                for (int n = d.nesting(); d.nextBlock(n); ) {
                    String key = d.val();
                    List<String> values = d.remainingArgs();
                    if (values.isEmpty()) {
                        values = List.of("");
                    }
                    headers.set(Json.canonicalHeader(key), Json.strings(values));
                }
                active().set("headers", headers);
            }
            case "health_interval" -> active().put("interval", Units.duration(d, arg()));
            case "health_timeout" -> active().put("timeout", Units.duration(d, arg()));
            case "health_status" -> active().put("expect_status", Units.statusClass(d, arg()));
            case "health_body" -> active().put("expect_body", arg());
            case "max_fails" -> passive().put("max_fails", Units.integer(d, arg(), "invalid maximum fail count"));
            case "fail_duration" -> passive().put("fail_duration", Units.duration(d, arg()));
            case "unhealthy_request_count" -> passive().put("unhealthy_request_count",
                    Units.integer(d, arg(), "invalid maximum connection count"));
            case "unhealthy_status" -> {
                List<String> args = d.remainingArgs();
                if (args.isEmpty()) {
                    throw d.argErr();
                }
                ArrayNode codes = HeaderDirectives.array(passive(), "unhealthy_status");
                for (String a : args) {
                    codes.add(Units.statusClass(d, a));
                }
            }
            case "unhealthy_latency" -> passive().put("unhealthy_latency", Units.duration(d, arg()));
            case "flush_interval" -> {
                String v = arg();
                try {
                    h.put("flush_interval", Long.parseLong(v));
                } catch (NumberFormatException notInteger) {
                    h.put("flush_interval", Units.duration(d, v));
                }
            }
            case "buffer_requests", "buffer_responses" -> {
                if (d.nextArg()) {
                    throw d.argErr();
                }
                h.put(name, true);
            }
            case "max_buffer_size" -> {
                h.put("max_buffer_size", Units.bytes(d, arg()));
                if (d.nextArg()) {
                    throw d.argErr();
                }
            }
            case "trusted_proxies" -> {
                ArrayNode tp = HeaderDirectives.array(h, "trusted_proxies");
                while (d.nextArg()) {
                    if (d.val().equals("private_ranges")) {
                        PRIVATE_RANGES.forEach(tp::add);
                    } else {
                        tp.add(d.val());
                    }
                }
            }
            case "header_up" -> headerOp(HeaderDirectives.object(headers(), "request"));
            case "header_down" -> headerOp(HeaderDirectives.object(headers(), "response"));
            case "method" -> {
                HeaderDirectives.object(h, "rewrite").put("method", arg());
                if (d.nextArg()) {
                    throw d.argErr();
                }
            }
            case "rewrite" -> {
                HeaderDirectives.object(h, "rewrite").put("uri", arg());
                if (d.nextArg()) {
                    throw d.argErr();
                }
            }
            case "transport" -> {
                if (h.has("transport") || transport != null) {
                    throw d.err("transport already specified");
                }
                if (!d.nextArg()) {
                    throw d.argErr();
                }
                transportName = d.val();
                transport = Transports.parse(d, transportName);
            }
            case "handle_response" -> handleResponseSegments.add(d.nextSegment());
            case "replace_status" -> replaceStatus();
            default -> throw d.err("unrecognized subdirective " + d.val());
        }
    }

    private String arg() throws CaddyfileException {
        if (!d.nextArg()) {
            throw d.argErr();
        }
        return d.val();
    }

    private ObjectNode lb() {
        return HeaderDirectives.object(h, "load_balancing");
    }

    private ObjectNode active() {
        return HeaderDirectives.object(HeaderDirectives.object(h, "health_checks"), "active");
    }

    private ObjectNode passive() {
        return HeaderDirectives.object(HeaderDirectives.object(h, "health_checks"), "passive");
    }

    private ObjectNode headers() {
        return HeaderDirectives.object(h, "headers");
    }

    private void headerOp(ObjectNode ops) throws CaddyfileException {
        List<String> args = d.remainingArgs();
        switch (args.size()) {
            case 1 -> HeaderDirectives.apply(d, ops, false, args.get(0), "", "");
            case 2 -> HeaderDirectives.apply(d, ops, false, args.get(0), args.get(1), "");
            case 3 -> HeaderDirectives.apply(d, ops, false, args.get(0), args.get(1), args.get(2));
            default -> throw d.argErr();
        }
    }

    private void replaceStatus() throws CaddyfileException {
        List<String> args = d.remainingArgs();
        if (args.size() != 1 && args.size() != 2) {
            throw d.err("must have one or two arguments: an optional response matcher, and a status code");
        }
        ObjectNode rh = Json.obj();
        if (args.size() == 2) {
            if (!args.get(0).startsWith("@")) {
                throw d.err("must use a named response matcher, starting with '@'");
            }
            ObjectNode m = responseMatchers.get(args.get(0));
            if (m == null) {
                throw d.err("no named response matcher defined with name '" + args.get(0).substring(1) + "'");
            }
            rh.set("match", m.deepCopy());
            Json.putWeak(rh, "status_code", args.get(1));
        } else {
            Json.putWeak(rh, "status_code", args.get(0));
        }
        if (d.nextBlock(1)) {
            throw d.err("cannot define routes for 'replace_status', use 'handle_response' instead.");
        }
        handleResponse.add(rh);
    }

    private void appendUpstream(String address) throws CaddyfileException {
        boolean srv = address.startsWith("srv+");
        if (srv) {
            address = address.substring(4);
        }
        String[] dialScheme;
        try {
            dialScheme = UpstreamAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw d.err(e.getMessage());
        }
        String dial = dialScheme[0];
        String scheme = dialScheme[1];
        if (!commonScheme.isEmpty() && !scheme.equals(commonScheme)) {
            throw d.err("for now, all proxy upstreams must use the same scheme (transport protocol); expecting '"
                    + commonScheme + "://' but got '" + scheme + "://'");
        }
        commonScheme = scheme;
        ObjectNode up = HeaderDirectives.array(h, "upstreams").addObject();
        if (srv) {
            int colon = dial.lastIndexOf(':');
            up.put("lookup_srv", colon > 0 && !dial.endsWith("]") ? dial.substring(0, colon) : dial);
        } else {
            up.put("dial", dial);
        }
    }

    private void applyTransport() throws CaddyfileException {
        if ((commonScheme.equals("https") || commonScheme.equals("h2c")) && transport == null) {
            transport = Json.obj();
            transportName = "http";
        }
        if (transport == null) {
            return;
        }
        if (transportName.equals("http")) {
            if (commonScheme.equals("https") && !transport.has("tls")) {
                transport.putObject("tls");
            }
            if (commonScheme.equals("http") && transport.has("tls")) {
                throw d.err("upstream address scheme is HTTP but transport is configured for HTTP+TLS (HTTPS)");
            }
            if (commonScheme.equals("h2c")) {
                transport.set("versions", Json.strings(List.of("h2c", "2")));
            }
        } else if (commonScheme.equals("https")) {
            throw d.err("upstreams are configured for HTTPS but transport module does not support TLS");
        }
        if (!(transportName.equals("http") && transport.isEmpty())) {
            ObjectNode t = Json.obj();
            t.put("protocol", transportName);
            t.setAll(transport);
            h.set("transport", t);
        }
    }

    /** FinalizeUnmarshalCaddyfile: handle_response blocks become routes; those with a matcher first. */
    private void finish(Helper helper) throws CaddyfileException {
        for (List<Token> seg : handleResponseSegments) {
            Dispenser sd = new Dispenser(seg);
            sd.next();
            List<String> args = sd.remainingArgs();
            if (args.size() == 2) {
                throw sd.err("configuring 'handle_response' for status code replacement is no longer supported."
                        + " Use 'replace_status' instead.");
            }
            if (args.size() > 1) {
                throw sd.err("too many arguments for 'handle_response': " + args);
            }
            ObjectNode rh = Json.obj();
            if (args.size() == 1) {
                if (!args.get(0).startsWith("@")) {
                    throw sd.err("must use a named response matcher, starting with '@'");
                }
                ObjectNode m = responseMatchers.get(args.get(0));
                if (m == null) {
                    throw sd.err("no named response matcher defined with name '" + args.get(0).substring(1) + "'");
                }
                rh.set("match", m.deepCopy());
            }
            Subroute sub = SubrouteBuilder.parseSegmentAsSubroute(helper.with(new Dispenser(sd.nextSegment())));
            if (!sub.routes.isEmpty()) {
                rh.set("routes", Route.toJson(sub.routes));
            }
            handleResponse.add(rh);
        }
        if (handleResponse.isEmpty()) {
            return;
        }
        ArrayNode ordered = Json.F.arrayNode();
        handleResponse.forEach(r -> {
            if (r.has("match")) {
                ordered.add(r);
            }
        });
        handleResponse.forEach(r -> {
            if (!r.has("match")) {
                ordered.add(r);
            }
        });
        h.set("handle_response", ordered);
    }
}
