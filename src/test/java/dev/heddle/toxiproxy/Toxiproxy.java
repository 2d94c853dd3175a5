package dev.heddle.toxiproxy;

import eu.rekawek.toxiproxy.ToxiproxyClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The one way tests get Toxiproxy: a real server when {@code TOXIPROXY_URL} points at one (a
 * laptop or a CI with Docker), else the compatible server from the test sources, started once
 * per JVM. Tests then use only the official client.
 */
public final class Toxiproxy {
    private static ToxiproxyServer local;

    private Toxiproxy() {
    }

    public static synchronized ToxiproxyClient client() {
        String url = System.getenv("TOXIPROXY_URL");
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url);
            return new ToxiproxyClient(u.getHost(), u.getPort());
        }
        if (local == null) {
            try {
                local = ToxiproxyServer.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(local::close, "toxiproxy-stop"));
        }
        return new ToxiproxyClient("127.0.0.1", local.port());
    }
}
