package dev.heddle.observe;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes log lines on its own virtual thread, so a request never waits on disk or a slow
 * terminal: lines go into a bounded queue; when it is full they are dropped and counted
 * (logging must not become the bottleneck that takes the proxy down).
 */
public final class LogWriter implements AutoCloseable {
    private static final int QUEUE = 65_536;

    private final String destination;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final OutputStream out;
    private final Thread thread;
    private volatile boolean closing;

    private LogWriter(String destination, OutputStream out) {
        this.destination = destination;
        this.out = out;
        this.thread = Thread.ofVirtual().name("heddle-log " + destination).start(this::drain);
    }

    /** A writer for Caddy's writer output: stderr, stdout, discard, or a file (appended to). */
    public static LogWriter open(String output, String filename) throws IOException {
        return switch (output) {
            case "stdout" -> new LogWriter("stdout", unclosable(System.out));
            case "discard" -> new LogWriter("discard", OutputStream.nullOutputStream());
            case "file" -> new LogWriter(filename, new FileOutputStream(filename, true));
            default -> new LogWriter("stderr", unclosable(System.err));
        };
    }

    public void write(String line) {
        if (!queue.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    public long dropped() {
        return dropped.get();
    }

    private void drain() {
        List<String> batch = new ArrayList<>();
        while (!closing || !queue.isEmpty()) {
            try {
                String first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 1024);
                StringBuilder sb = new StringBuilder();
                batch.forEach(l -> sb.append(l).append('\n'));
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                batch.clear();
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                dropped.addAndGet(batch.size());
                batch.clear();
            }
        }
    }

    /** Writes what is queued, then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
            out.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // nothing more can be written anyway
        }
    }

    private static OutputStream unclosable(PrintStream s) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                s.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                s.write(b, off, len);
            }

            @Override
            public void flush() {
                s.flush();
            }
        };
    }

    @Override
    public String toString() {
        return "log writer " + destination;
    }
}
