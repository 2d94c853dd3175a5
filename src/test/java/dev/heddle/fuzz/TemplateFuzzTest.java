package dev.heddle.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.http.Exchange;
import dev.heddle.http.Template;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The placeholder expander on fuzzed templates and requests: it never throws, a template
 * without braces renders as itself, and unknown placeholders are kept or emptied as asked.
 */
class TemplateFuzzTest {
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void templatesOverFuzzedRequests(FuzzedDataProvider data) {
        String text = data.consumeString(200);
        dev.heddle.http.HeaderList headers = new dev.heddle.http.HeaderList();
        headers.add("X-Fuzz", data.consumeString(50));
        headers.add("Cookie", data.consumeString(50));
        Exchange ex = Exchange.builder()
                .method(data.consumeBoolean() ? "GET" : "POST")
                .rawPath("/" + data.consumeString(60))
                .rawQuery(data.consumeString(60))
                .host(data.consumeString(30))
                .headers(headers)
                .build();
        Template t = Template.compile(text);
        assertNotNull(t.render(ex, Template.Unknown.KEEP));
        assertNotNull(t.render(ex, Template.Unknown.EMPTY));
        if (text.indexOf('{') < 0 && text.indexOf('}') < 0 && text.indexOf('\\') < 0) {
            assertEquals(text, t.render(ex, Template.Unknown.KEEP));
        }
    }
}
