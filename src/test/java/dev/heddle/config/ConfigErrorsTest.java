package dev.heddle.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every class of bad config stops the load with the JSON path of the bad field and the reason. */
class ConfigErrorsTest {

    /** A one-server config around a routes array. */
    private static String routes(String routesJson) {
        return "{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"listen\":[\":8080\"],\"routes\":" + routesJson + "}}}}}";
    }

    private static String proxy(String handlerFields) {
        return routes("[{\"handle\":[{\"handler\":\"reverse_proxy\"," + handlerFields + "}]}]");
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                Arguments.of("invalid dial address", proxy("\"upstreams\":[{\"dial\":\"127.0.0.1:1\"},{\"dial\":\"bad:addr:x\"}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].upstreams[1].dial: \"bad:addr:x\" is not host:port"),
                Arguments.of("unknown top-level field", "{\"appz\":{}}",
                        "appz: unknown field (did you mean \"apps\"?)"),
                Arguments.of("misspelt server field", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"rootes\":[]}}}}}",
                        "apps.http.servers.s.rootes: unknown field (did you mean \"routes\"?)"),
                Arguments.of("wrong type", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":\":8080\"}}}}}",
                        "apps.http.servers.s.listen: must be an array, not \":8080\""),
                Arguments.of("bad listen address", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\"localhost\"]}}}}}",
                        "apps.http.servers.s.listen[0]: \"localhost\" is not host:port (e.g. \":8080\" or \"127.0.0.1:8080\")"),
                Arguments.of("bad duration", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"idle_timeout\":\"5 minutes\"}}}}}",
                        "apps.http.servers.s.idle_timeout: \"5 minutes\" has an unknown unit \" minutes\""),
                Arguments.of("unknown handler", routes("[{\"handle\":[{\"handler\":\"reverse_proxi\"}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].handler: unknown handler \"reverse_proxi\""),
                Arguments.of("unsupported handler", routes("[{\"handle\":[{\"handler\":\"templates\"}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].handler: \"templates\" is a Caddy handler that Heddle does not support yet"),
                Arguments.of("encode without encodings", routes("[{\"handle\":[{\"handler\":\"encode\"}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].encodings: encode needs at least one encoding (gzip or zstd)"),
                Arguments.of("encode unknown encoding", routes("[{\"handle\":[{\"handler\":\"encode\",\"encodings\":{\"br\":{}}}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].encodings.br: unknown encoding (Heddle has gzip and zstd, as Caddy's standard build)"),
                Arguments.of("encode prefer not enabled", routes("[{\"handle\":[{\"handler\":\"encode\",\"encodings\":{\"gzip\":{}},\"prefer\":[\"zstd\"]}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].prefer[0]: encoding zstd not enabled"),
                Arguments.of("encode gzip level", routes("[{\"handle\":[{\"handler\":\"encode\",\"encodings\":{\"gzip\":{\"level\":12}}}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].encodings.gzip.level: must be between -3 and 9, not 12"),
                Arguments.of("file matcher =404 entry", routes("[{\"match\":[{\"file\":{\"try_files\":[\"{http.request.uri.path}\",\"=404\"]}}],\"handle\":[]}]"),
                        "apps.http.servers.srv0.routes[0].match[0].file.try_files[1]: error codes in try_files (\"=404\") are not supported yet; end the route with an error handler instead"),
                Arguments.of("file_server browse template", routes("[{\"handle\":[{\"handler\":\"file_server\",\"browse\":{\"template_file\":\"t.html\"}}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].browse.template_file: custom browse templates (Go templates) are not supported; the built-in listing is used without it"),
                Arguments.of("file_server other file system", routes("[{\"handle\":[{\"handler\":\"file_server\",\"fs\":\"embedded\"}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].fs: file systems other than the local disk are not supported (\"embedded\")"),
                Arguments.of("file_server unknown sidecar", routes("[{\"handle\":[{\"handler\":\"file_server\",\"precompressed\":{\"deflate\":{}}}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].precompressed.deflate: unknown precompressed encoding (Caddy has gzip, br and zstd)"),
                Arguments.of("file_server order without sidecar", routes("[{\"handle\":[{\"handler\":\"file_server\",\"precompressed\":{\"gzip\":{}},\"precompressed_order\":[\"gzip\",\"br\"]}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].precompressed_order[1]: precompression order for \"br\" was set, but it is not in precompressed"),
                Arguments.of("file_server bad sort", routes("[{\"handle\":[{\"handler\":\"file_server\",\"browse\":{\"sort\":[\"colour\"]}}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].browse.sort: unknown sort option \"colour\" (name, namedirfirst, size, time, asc, desc)"),
                Arguments.of("file_server bad symlinks rule", routes("[{\"handle\":[{\"handler\":\"file_server\",\"symlinks\":\"never\"}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].symlinks: must be \"inside_root\" (the default) or \"follow\" (Caddy's behaviour), not \"never\""),
                Arguments.of("unsupported proxy field", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"verbose_logs\":true"),
                        "apps.http.servers.srv0.routes[0].handle[0].verbose_logs: is a Caddy field that Heddle does not support yet"),
                Arguments.of("placeholder in a dial address", proxy("\"upstreams\":[{\"dial\":\"{http.request.host}:8080\"}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].upstreams[0].dial: \"{http.request.host}:8080\": placeholders in dial addresses are not supported yet"),
                Arguments.of("unknown selection policy", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"load_balancing\":{\"selection_policy\":{\"policy\":\"round_robbin\"}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].load_balancing.selection_policy.policy: unknown selection policy \"round_robbin\""),
                Arguments.of("random_choose below 2", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"load_balancing\":{\"selection_policy\":{\"policy\":\"random_choose\",\"choose\":1}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].load_balancing.selection_policy.choose: must be between 2 and 1000, not 1"),
                Arguments.of("weights for other upstreams", proxy("\"upstreams\":[{\"dial\":\"a:1\"},{\"dial\":\"b:1\"}],\"load_balancing\":{\"selection_policy\":{\"policy\":\"weighted_round_robin\",\"weights\":[1,2,3]}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].load_balancing.selection_policy.weights: has 3 weights for 2 upstreams"),
                Arguments.of("misspelt retry field", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"load_balancing\":{\"retires\":2}"),
                        "apps.http.servers.srv0.routes[0].handle[0].load_balancing.retires: unknown field (did you mean \"retries\"?)"),
                Arguments.of("bad expect_body", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"health_checks\":{\"active\":{\"uri\":\"/h\",\"expect_body\":\"(\"}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].health_checks.active.expect_body: is not a valid regular expression: Unclosed group"),
                Arguments.of("unknown circuit breaker", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"circuit_breaker\":{\"type\":\"latency\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].circuit_breaker.type: unknown circuit breaker \"latency\" (Heddle has \"error_ratio\")"),
                Arguments.of("no upstreams", proxy("\"upstreams\":[]"),
                        "apps.http.servers.srv0.routes[0].handle[0].upstreams: reverse_proxy needs at least one upstream, or dynamic_upstreams"),
                Arguments.of("unknown dynamic source", proxy("\"dynamic_upstreams\":{\"source\":\"consul\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.source: dynamic upstream source \"consul\" is not supported (\"a\", \"srv\" or \"multi\")"),
                Arguments.of("a source without a name", proxy("\"dynamic_upstreams\":{\"source\":\"a\",\"port\":\"8080\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.name: is required"),
                Arguments.of("a source bad port", proxy("\"dynamic_upstreams\":{\"source\":\"a\",\"name\":\"x\",\"port\":\"http\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.port: \"http\" is not a port number"),
                Arguments.of("a source misspelt field", proxy("\"dynamic_upstreams\":{\"source\":\"a\",\"name\":\"x\",\"refesh\":\"1s\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.refesh: unknown field (did you mean \"refresh\"?)"),
                Arguments.of("srv dial_network udp", proxy("\"dynamic_upstreams\":{\"source\":\"srv\",\"name\":\"x\",\"dial_network\":\"udp\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.dial_network: \"udp\" is not supported (tcp, tcp4 or tcp6)"),
                Arguments.of("multi with a bad source", proxy("\"dynamic_upstreams\":{\"source\":\"multi\",\"sources\":[{\"source\":\"a\",\"name\":\"x\"},{\"source\":\"srv\",\"name\":\"y\",\"refresh\":\"-1s\"}]}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.sources[1].refresh: must not be negative"),
                Arguments.of("bad resolver of a source", proxy("\"dynamic_upstreams\":{\"source\":\"a\",\"name\":\"x\",\"resolver\":{\"addresses\":[\"udp/10.0.0.1:99999\"]}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].dynamic_upstreams.resolver.addresses[0]: \"udp/10.0.0.1:99999\" is not a DNS server address (IP, IP:port or udp/IP:port)"),
                Arguments.of("weights with dynamic upstreams", proxy("\"dynamic_upstreams\":{\"source\":\"a\",\"name\":\"x\"},\"load_balancing\":{\"selection_policy\":{\"policy\":\"weighted_round_robin\",\"weights\":[2,1]}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].load_balancing.selection_policy.weights: weights go by position in a fixed upstreams list; with dynamic_upstreams the list changes (use another policy)"),
                Arguments.of("bad status code", routes("[{\"handle\":[{\"handler\":\"static_response\",\"status_code\":1000}]}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].status_code: must be an HTTP status between 100 and 999, not 1000"),
                Arguments.of("bad trusted proxy range", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"trusted_proxies\":{\"source\":\"static\",\"ranges\":[\"10.0.0.0/33\"]}}}}}}",
                        "apps.http.servers.s.trusted_proxies.ranges[0]: \"10.0.0.0/33\" has a prefix length out of range"),
                Arguments.of("duplicate listener", "{\"apps\":{\"http\":{\"servers\":{\"a\":{\"listen\":[\":8080\"]},\"b\":{\"listen\":[\":8080\"]}}}}}",
                        "apps.http.servers.b.listen[0]: \":8080\" is already used by server \"a\""),
                Arguments.of("invalid JSON", "{\"apps\": }",
                        "invalid JSON: line 1, column 10: Unexpected character ('}' (code 125)): expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')"),
                Arguments.of("duplicate key", "{\"apps\":{},\"apps\":{}}",
                        "invalid JSON: line 1, column 18: Duplicate field 'apps'"),
                Arguments.of("negative timeout", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"dial_timeout\":\"-1s\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.dial_timeout: must not be negative"),
                Arguments.of("udp upstream", proxy("\"upstreams\":[{\"dial\":\"udp/127.0.0.1:53\"}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].upstreams[0].dial: \"udp/127.0.0.1:53\": only TCP (host:port) and unix//path upstreams are supported"),
                Arguments.of("relative unix path", proxy("\"upstreams\":[{\"dial\":\"unix/x.sock\"}]"),
                        "apps.http.servers.srv0.routes[0].handle[0].upstreams[0].dial: \"unix/x.sock\": a unix socket address is unix//absolute/path"),
                Arguments.of("local address by name", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"local_address\":\"localhost\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.local_address: \"localhost\" is not an IP address (local_address takes an IP literal)"),
                Arguments.of("local address with a port", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"local_address\":\"127.0.0.2:80\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.local_address: a local address takes no port (or port 0): \"127.0.0.2:80\""),
                Arguments.of("proxy protocol version", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"proxy_protocol\":\"v3\"}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.proxy_protocol: \"v3\" is not a PROXY protocol version (\"v1\" or \"v2\")"),
                Arguments.of("response buffers", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"response_buffers\":-2"),
                        "apps.http.servers.srv0.routes[0].handle[0].response_buffers: must be a byte count, or -1 for unlimited"),
                Arguments.of("resolver address", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"resolver\":{\"addresses\":[\"dns.example:99999\"]}}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.resolver.addresses[0]: \"dns.example:99999\" is not a DNS server address (IP, IP:port or udp/IP:port)"),
                Arguments.of("tiny read buffer", proxy("\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",\"read_buffer_size\":10}"),
                        "apps.http.servers.srv0.routes[0].handle[0].transport.read_buffer_size: must be between 512 and 16777216, not 10"),
                Arguments.of("header count zero", "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"max_header_count\":0}}}}}",
                        "apps.http.servers.s.max_header_count: must be between 1 and 10000, not 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void rejectedWithPath(String what, String json, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(json));
        assertEquals(expected, e.getMessage());
    }
}
