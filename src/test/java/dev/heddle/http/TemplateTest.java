package dev.heddle.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Template parsing at its edges, each row as Caddy's replacer (replacer.go) renders it with
 * unknown placeholders kept and emptied. Not pinned, because Caddy differs there: "{}" and
 * "{{x}" with unknown placeholders emptied (Caddy treats "{}" and "{{x" as unknown
 * placeholders and empties them; Heddle keeps "{}" and "{" as text).
 */
class TemplateTest {
    private static final Exchange GET = Exchange.builder().method("GET").rawPath("/p").host("h").build();

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        // template                  | unknown kept              | unknown emptied | constant
        "plain                       | plain                     | plain           | true",
        "''                          | ''                        | ''              | true",
        "\\{x\\}                     | {x}                       | {x}             | true",
        "x\\{                        | x{                        | x{              | true",
        "a\\                         | a\\                       | a\\             | true",
        "\\a                         | \\a                       | \\a             | true",
        "{http.request.method}       | GET                       | GET             | false",
        "a{http.request.method}      | aGET                      | aGET            | false",
        "}{http.request.method}      | }GET                      | }GET            | false",
        "{http.request.method        | {http.request.method      | {http.request.method | true",
        "{nope.x}/{http.request.method} | {nope.x}/GET         | /GET            | false",
        "\\{{http.request.method}\\} | {GET}                     | {GET}           | false",
    })
    void rendersAsCaddysReplacer(String template, String kept, String emptied, boolean constant) {
        Template t = Template.compile(template);
        assertEquals(kept, t.render(GET, Template.Unknown.KEEP), "kept");
        assertEquals(emptied, t.render(GET, Template.Unknown.EMPTY), "emptied");
        assertEquals(constant, t.isConstant());
    }

    /** Unknown placeholders kept: "{}" stays, and so does the first brace of "{{x}" (Caddy agrees in this mode). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{}                          | {}",
        "{{http.request.method}      | {GET",
    })
    void bracesThatAreNoPlaceholderAreKept(String template, String kept) {
        assertEquals(kept, Template.compile(template).render(GET, Template.Unknown.KEEP));
    }
}
