package dev.heddle.toxiproxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One proxy: a listener on 127.0.0.1, its live connections, and its toxics per direction.
 * Disabled = listener closed (connection refused) and every connection closed; enabled again =
 * the same address bound again.
 */
final class ProxyInstance {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong VERSIONS = new AtomicLong();

    /** One proxied connection: two sockets, two links. */
    final class Conn {
        final Socket client;
        final Socket server;
        final Link up;
        final Link down;

        Conn(Socket client, Socket server) {
            this.client = client;
            this.server = server;
            this.up = new Link(ProxyInstance.this, this, true, client, server);
            this.down = new Link(ProxyInstance.this, this, false, server, client);
        }

        void close() {
            quietly(client);
            quietly(server);
            conns.remove(this);
        }

        /** RST on both sides (SO_LINGER 0, then close). */
        void reset() {
            try {
                client.setSoLinger(true, 0);
                server.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            close();
        }
    }

    final String name;
    private volatile String listen;
    private volatile String upstream;
    private volatile boolean enabled;
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private final Set<Conn> conns = ConcurrentHashMap.newKeySet();
    private final List<ToxicSpec> toxics = new CopyOnWriteArrayList<>();

    ProxyInstance(String name, String listen, String upstream) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
    }

    /** Binds (the requested address, or the one bound before) and accepts on a virtual thread. */
    void start() throws IOException {
        int colon = listen.lastIndexOf(':');
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1))));
        listen = listen.substring(0, colon) + ":" + s.getLocalPort();
        server = s;
        enabled = true;
        acceptor = Thread.ofVirtual().name("toxiproxy-accept " + name).start(() -> accept(s));
    }

    void stop() {
        enabled = false;
        if (server != null) {
            quietly(server);
        }
        // A socket closed while a virtual thread blocks in accept() keeps listening until that
        // thread wakes and lets go of it: until then a client could still connect.
        Thread t = acceptor;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        conns.forEach(Conn::close);
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket client;
            try {
                client = s.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    /** Upstream unreachable: the accepted client is closed at once (it sees connect, then EOF). */
    private void connect(Socket client) {
        int colon = upstream.lastIndexOf(':');
        Socket up = new Socket();
        try {
            up.connect(new InetSocketAddress(upstream.substring(0, colon), Integer.parseInt(upstream.substring(colon + 1))), 5000);
        } catch (IOException e) {
            quietly(client);
            quietly(up);
            return;
        }
        Conn c = new Conn(client, up);
        conns.add(c);
        for (ToxicSpec t : toxics) {
            armTimeout(c, t);
        }
        c.up.start();
        c.down.start();
    }

    List<ToxicSpec> toxics(boolean upstreamDirection) {
        return toxics.stream().filter(t -> t.upstream() == upstreamDirection).toList();
    }

    List<ToxicSpec> allToxics() {
        return List.copyOf(toxics);
    }

    ToxicSpec toxic(String toxicName) {
        return toxics.stream().filter(t -> t.name().equals(toxicName)).findFirst().orElse(null);
    }

    void addToxic(ToxicSpec t) {
        toxics.add(t);
        conns.forEach(c -> armTimeout(c, t));
    }

    ToxicSpec updateToxic(ToxicSpec old, Double toxicity, java.util.Map<String, Long> attributes) {
        java.util.Map<String, Long> merged = new java.util.LinkedHashMap<>(old.attributes());
        merged.putAll(attributes);
        ToxicSpec t = new ToxicSpec(old.name(), old.type(), old.stream(), toxicity == null ? old.toxicity() : toxicity,
                ToxicSpec.withDefaults(old.type(), merged), VERSIONS.incrementAndGet());
        toxics.replaceAll(x -> x.name().equals(old.name()) ? t : x);
        conns.forEach(c -> armTimeout(c, t));
        return t;
    }

    /** Removing a timeout toxic closes the connections it was holding (as the real server does). */
    void removeToxic(ToxicSpec t) {
        toxics.removeIf(x -> x.name().equals(t.name()));
        if (t.type().equals("timeout")) {
            conns.stream().filter(c -> (t.upstream() ? c.up : c.down).heldByTimeout).forEach(Conn::close);
        }
    }

    void clearToxics() {
        List<ToxicSpec> all = List.copyOf(toxics);
        all.forEach(this::removeToxic);
    }

    /** A timeout toxic with timeout > 0 closes each link it is active on after that many ms. */
    private void armTimeout(Conn c, ToxicSpec t) {
        Link link = t.upstream() ? c.up : c.down;
        if (!t.type().equals("timeout") || t.attr("timeout") <= 0 || !link.active(t)) {
            return;
        }
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(t.attr("timeout"));  // the toxic's timeout IS a wait
            } catch (InterruptedException e) {
                return;
            }
            if (toxics.contains(t)) {
                c.close();
            }
        });
    }

    static long nextVersion() {
        return VERSIONS.incrementAndGet();
    }

    boolean enabled() {
        return enabled;
    }

    String upstream() {
        return upstream;
    }

    /** Applies a partial update; a changed address or upstream restarts the proxy. */
    void update(String newListen, String newUpstream, Boolean newEnabled) throws IOException {
        boolean restart = (newListen != null && !newListen.equals(listen)) || (newUpstream != null && !newUpstream.equals(upstream));
        if (restart && enabled) {
            stop();
        }
        if (newListen != null) {
            listen = newListen;
        }
        if (newUpstream != null) {
            upstream = newUpstream;
        }
        boolean wantEnabled = newEnabled != null ? newEnabled : enabled || restart;
        if (wantEnabled && (!enabled || restart)) {
            start();
        } else if (!wantEnabled && enabled) {
            stop();
        }
    }

    ObjectNode json() {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("listen", listen);
        o.put("upstream", upstream);
        o.put("enabled", enabled);
        var arr = o.putArray("toxics");
        toxicsInApiOrder().forEach(t -> arr.add(ToxiproxyServer.toxicJson(t)));
        return o;
    }

    /** Upstream-direction toxics first, then downstream, each in insertion order. */
    List<ToxicSpec> toxicsInApiOrder() {
        List<ToxicSpec> out = new java.util.ArrayList<>(toxics(true));
        out.addAll(toxics(false));
        return out;
    }

    private static void quietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
