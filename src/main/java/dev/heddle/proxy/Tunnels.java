package dev.heddle.proxy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The upgraded streams of one reverse_proxy handler. When its config stops being current
 * (reload or stop), they are closed after {@code stream_close_delay}; WebSockets first get a
 * Close frame with code 1001, as Caddy does (streaming.go).
 */
public final class Tunnels {
    private final Set<Tunnel> open = ConcurrentHashMap.newKeySet();
    private final Duration closeDelay;
    private volatile boolean retired;

    public Tunnels(Duration closeDelay) {
        this.closeDelay = closeDelay;
    }

    void add(Tunnel t) {
        open.add(t);
        if (retired) {
            t.goingAway();  // opened while the config was being retired
        }
    }

    void remove(Tunnel t) {
        open.remove(t);
    }

    int size() {
        return open.size();
    }

    /** Ends every stream after the close delay (on a virtual thread: the reload does not wait). */
    public void closeAll() {
        retired = true;
        if (open.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name("heddle-stream-close").start(() -> {
            if (!closeDelay.isZero()) {
                try {
                    Thread.sleep(closeDelay);  // stream_close_delay IS a wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            open.forEach(Tunnel::goingAway);
        });
    }
}
