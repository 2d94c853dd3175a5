package dev.heddle.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.config.HeaderOpsConfig;
import dev.heddle.config.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Header operations, table-style: each op, each wildcard, the order, placeholders and CRLF safety. */
class HeaderOpsTest {
    private static String run(String opsJson, String start, Exchange ex) throws Exception {
        HeaderOps ops = new HeaderOps(HeaderOpsConfig.parse(Node.root(new ObjectMapper().readTree(opsJson))));
        HeaderList list = new HeaderList();
        for (String line : start.split(";")) {
            if (!line.isBlank()) {
                String[] kv = line.split("=", 2);
                list.add(kv[0].trim(), kv[1].trim());
            }
        }
        ops.apply(list, ex);
        StringBuilder sb = new StringBuilder();
        list.lines().forEach(l -> sb.append(sb.isEmpty() ? "" : ";").append(l.name()).append('=').append(l.value()));
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} on [{1}]")
    @CsvSource(delimiter = '|', value = {
        "{\"add\":{\"X-A\":[\"1\",\"2\"]}}                   | X-A=0          | X-A=0;X-A=1;X-A=2",
        "{\"set\":{\"X-A\":[\"1\",\"2\"]}}                   | X-A=0;X-B=b    | X-A=1,2;X-B=b",
        "{\"set\":{\"x-a\":[\"new\"]}}                       | X-A=0          | x-a=new",
        "{\"delete\":[\"X-A\"]}                             | x-a=0;X-B=b    | X-B=b",
        "{\"delete\":[\"X-*\"]}                             | X-A=0;X-B=b;Y=y | Y=y",
        "{\"delete\":[\"*-id\"]}                            | Req-Id=1;Trace-ID=2;Y=y | Y=y",
        "{\"delete\":[\"*secret*\"]}                        | A-Secret-B=1;Y=y | Y=y",
        "{\"delete\":[\"*\"],\"add\":{\"Only\":[\"me\"]}}     | X=1;Y=2        | Only=me",
        "{\"add\":{\"X-A\":[\"added\"]},\"delete\":[\"X-A\"]} | Y=y            | Y=y",
        "{\"set\":{\"X-A\":[\"set\"]},\"replace\":{\"X-A\":[{\"search\":\"se\",\"replace\":\"re\"}]}} | | X-A=ret",
        "{\"replace\":{\"Location\":[{\"search_regexp\":\"^http://([^/]+)\",\"replace\":\"https://$1\"}]}} | Location=http://a.test/x | Location=https://a.test/x",
        "{\"replace\":{\"Location\":[{\"search_regexp\":\"^http://([^/]+)\",\"replace\":\"https://${1}\"}]}} | Location=http://a.test/x | Location=https://a.test/x",
        "{\"replace\":{\"*\":[{\"search\":\"internal\",\"replace\":\"public\"}]}} | A=internal.x;B=y.internal | A=public.x;B=y.public",
        "{\"add\":{\"X-Host\":[\"{http.request.host}\"]}}   |                | X-Host=example.test",
        "{\"add\":{\"X-Unknown\":[\"{nope.nothing}\"]}}      |                | X-Unknown={nope.nothing}",
        "{\"set\":{\"X-Copy\":[\"{http.request.header.X-Evil}\"]}} |          | X-Copy=aInjected: yesb",
    })
    void ops(String json, String start, String expected) throws Exception {
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        h.add("X-Evil", "a\r\nInjected: yes\r\nb");
        Exchange ex = Exchange.builder().host("example.test:8443").headers(h).build();
        assertEquals(expected, run(json, start == null ? "" : start, ex));
    }
}
