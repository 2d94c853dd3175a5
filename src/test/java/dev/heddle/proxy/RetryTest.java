package dev.heddle.proxy;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The retry matrix: {GET, POST} × {dial refused, reset after the request was sent, 5xx} ×
 * {retries, try_duration, retry_match}. The failing upstream is listed first under the "first"
 * policy; the second one answers "good". Each row asserts the client's status and how many
 * requests each upstream saw.
 */
class RetryTest {
    private static final String POST = "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";
    private static final String GET = "GET /g HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private static String mode(String mode) {
        return switch (mode) {
            case "retries" -> "\"retries\": 1";
            case "try_duration" -> "\"try_duration\": \"2s\", \"try_interval\": \"10ms\"";
            case "retry_match" -> "\"retries\": 1, \"retry_match\": [{\"method\": [\"POST\"]}]";
            case "retry_match+buffers" -> "\"retries\": 1, \"retry_match\": [{\"method\": [\"POST\"]}]";
            default -> throw new IllegalArgumentException(mode);
        };
    }

    @ParameterizedTest(name = "{0} {1} with {2} → {3}")
    @CsvSource({
        // failure,  method, mode,                 status, failing upstream saw, good saw
        "dial,       GET,    retries,              200,    1, 1",   // the failing count is of dial attempts
        "dial,       GET,    try_duration,         200,    1, 1",
        "dial,       GET,    retry_match,          200,    1, 1",
        "dial,       POST,   retries,              200,    1, 1",
        "dial,       POST,   try_duration,         200,    1, 1",
        "dial,       POST,   retry_match,          200,    1, 1",
        "reset,      GET,    retries,              200,    1, 1",
        "reset,      GET,    try_duration,         200,    1, 1",
        "reset,      GET,    retry_match,          502,    1, 0",   // retry_match replaces the GET default
        "reset,      POST,   retries,              502,    1, 0",   // not idempotent: never retried by default
        "reset,      POST,   try_duration,         502,    1, 0",
        "reset,      POST,   retry_match,          502,    1, 0",   // allowed, but the unbuffered body was already sent
        "reset,      POST,   retry_match+buffers,  200,    1, 1",   // a buffered body is replayed
        "5xx,        GET,    retries,              503,    1, 0",   // a response is not a failure
        "5xx,        GET,    try_duration,         503,    1, 0",
        "5xx,        POST,   retry_match,          503,    1, 0",
    })
    void retryMatrix(String failure, String method, String mode, int status, int failingSaw, int goodSaw) throws Exception {
        int deadPort = FreePorts.refused();
        try (RawUpstream reset = RawUpstream.resetAfterHead();
             RawUpstream error = RawUpstream.status(503);
             RawUpstream good = new RawUpstream((req, out, s) -> {
                 byte[] body = ("good:" + new String(req.body(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                 out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 out.write(body);
             })) {
            String failing = switch (failure) {
                case "dial" -> "127.0.0.1:" + deadPort;
                case "reset" -> reset.dial();
                default -> error.dial();
            };
            String buffers = mode.endsWith("+buffers") ? ", \"request_buffers\": 65536" : "";
            String routes = """
                    [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}]%s,
                      "load_balancing": {"selection_policy": {"policy": "first"}, %s}}]}]"""
                    .formatted(failing, good.dial(), buffers, mode(mode));
            try (LogCapture log = new LogCapture("dev.heddle.proxy"); Heddle heddle = Heddle.withRoutes(routes)) {
                RawClient.Response res = RawClient.exchange(heddle.port(), method.equals("GET") ? GET : POST);
                assertEquals(status, res.status(), res.bodyText());
                if (status == 200) {
                    assertEquals(method.equals("GET") ? "good:" : "good:hello", res.bodyText(), "the retried request is intact");
                }
                int failingCount = switch (failure) {
                    case "dial" -> dialsRefused(log, failing);
                    case "reset" -> reset.requestCount();
                    default -> error.requestCount();
                };
                assertEquals(failingSaw, failingCount, "requests at the failing upstream");
                assertEquals(goodSaw, good.requestCount(), "requests at the good upstream");
            }
        }
    }

    /**
     * Dial attempts at a refused port: nothing listens there to count them, so they are counted
     * from the one error line Heddle logs per failed attempt.
     */
    private static int dialsRefused(LogCapture log, String dial) {
        return (int) log.errors().stream().filter(m -> m.startsWith("upstream " + dial + ": connecting to the upstream failed")).count();
    }
}
