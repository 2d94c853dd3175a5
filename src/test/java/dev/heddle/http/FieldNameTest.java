package dev.heddle.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldNameTest {

    @ParameterizedTest
    @CsvSource({
        "Host, 0", "host, 0", "HOST, 0", "Content-Length, 1", "content-length, 1", "Transfer-Encoding, 2",
        "Connection, 3", "Expect, 4", "Upgrade, 5", "TE, 6", "te, 6", "Trailer, 7", "keep-alive, 8",
        "Proxy-Connection, 9", "Proxy-Authenticate, 10", "proxy-authorization, 11", "Alt-Svc, 12",
        "x-forwarded-for, 13", "X-Forwarded-Proto, 14", "X-FORWARDED-HOST, 15", "date, 16",
    })
    void theIdsTheServerActsOnNameTheirFieldInAnyCase(String name, int id) {
        assertEquals(id, FieldName.id(name));
        byte[] b = (" " + name + ":").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(id, FieldName.id(b, 1, 1 + name.length()), "from bytes");
        assertTrue(FieldName.spelling(id).equalsIgnoreCase(name));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
        # one letter off, one longer, one shorter, none of the list's
        Hosts
        Hos
        Content-Lengtx
        X-Bench-Header-1
        # '-' - 0x20 is CR: a fold without its a-z guard would take this for Content-Length
        'Content\rLength'
        # 0x173 cut to a byte is 's': same length, first and last character as Host
        'Ho\u0173t'
        """)
    void otherNamesAreUnknown(String written) {
        String name = written;
        assertEquals(FieldName.UNKNOWN, FieldName.id(name));
        if (name.chars().allMatch(c -> c <= 0xFF)) {
            byte[] b = name.getBytes(StandardCharsets.ISO_8859_1);
            assertEquals(FieldName.UNKNOWN, FieldName.id(b, 0, b.length), "from bytes");
        }
    }

    @Test
    void anEmptyNameIsUnknown() {
        assertEquals(FieldName.UNKNOWN, FieldName.id(""));
    }

    @Test
    void everyListedNameIsFoundInEveryCaseAndOnlyItsOwnSpellingIsReused() {
        for (int id = 0; id < FieldName.count(); id++) {
            String name = FieldName.spelling(id);
            for (String written : new String[] {name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)}) {
                assertEquals(id, FieldName.id(written), written);
                byte[] b = written.getBytes(StandardCharsets.ISO_8859_1);
                assertEquals(id, FieldName.id(b, 0, b.length), written);
                assertEquals(written.equals(name), FieldName.spelledAsListed(id, b, 0), written);
            }
        }
    }

    @Test
    void aHeaderListFindsAKnownFieldWhateverCaseItWasWrittenIn() {
        HeaderList h = new HeaderList();
        h.add("content-LENGTH", "5");
        h.add("X-Custom", "a");
        h.add("x-custom", "b");
        assertEquals("5", h.first("Content-Length"));
        assertEquals(5, h.contentLength());
        assertEquals("a,b", h.joined("X-CUSTOM"));
        h.set("CONTENT-length", "7");
        assertEquals("7", h.first("content-length"));
        assertEquals(1, h.values("Content-Length").size());
        h.remove("Content-Length");
        assertNull(h.first("content-length"));
        assertFalse(h.contains("Content-Length"));
        assertEquals(2, h.size());
    }
}
