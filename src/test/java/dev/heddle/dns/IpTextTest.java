package dev.heddle.dns;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Addresses printed as Go prints them, and the last-address shortcut never answers for another address. */
class IpTextTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "127.0.0.1,          127.0.0.1",
        "10.1.2.3,           10.1.2.3",
        "::1,                ::1",
        "2001:db8:0:0:0:0:2:1, 2001:db8::2:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:0,    ::",
        "fe80:0:0:0:1:0:0:1, fe80::1:0:0:1",
    })
    void printsAsGo(String literal, String expected) throws Exception {
        assertEquals(expected, IpText.of(InetAddress.getByName(literal)));
    }

    @Test
    void eachAddressGetsItsOwnTextWhenClientsAlternate() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        InetAddress c = InetAddress.getByName("2001:db8::7");
        for (int i = 0; i < 3; i++) {
            assertEquals("192.0.2.1", IpText.of(a));
            assertEquals("192.0.2.1", IpText.of(InetAddress.getByAddress(a.getAddress())), "an equal address, another object");
            assertEquals("192.0.2.2", IpText.of(b));
            assertEquals("2001:db8::7", IpText.of(c));
        }
    }
}
