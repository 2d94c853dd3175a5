package dev.heddle.server.http2;

import io.helidon.common.buffers.BufferData;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream's request body between Helidon's stream thread, which offers each DATA frame, and
 * the exchange, which reads it. At most {@link #LIMIT} bytes wait here: beyond it the offering
 * thread blocks, Helidon stops taking frames, and the stream's flow-control window closes, so a
 * fast client cannot fill the heap. Once the reader is done (or gone) further frames are dropped.
 */
final class StreamBody extends InputStream {
    /** One default stream window's worth: enough to keep a fast upload moving. */
    static final int LIMIT = 1024 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<BufferData> frames = new ArrayDeque<>();
    private final Runnable firstRead;
    private int buffered;
    private boolean ended;
    private boolean closed;
    private boolean started;
    private String failure;

    /** @param firstRead runs before the first read blocks (the stream's 100 Continue) */
    StreamBody(Runnable firstRead) {
        this.firstRead = firstRead;
    }

    /** Adds a frame's bytes; blocks while {@link #LIMIT} bytes wait. */
    void offer(BufferData data) throws InterruptedException {
        lock.lock();
        try {
            while (buffered >= LIMIT && !closed && failure == null) {
                changed.await();
            }
            if (closed || failure != null) {
                return;
            }
            frames.add(data);
            buffered += data.available();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The client ended the body (END_STREAM). */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The stream was reset or its connection lost: reads fail with this. */
    void fail(String why) {
        lock.lock();
        try {
            failure = why;
            frames.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the client sent the whole body. */
    boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            firstRead.run();
        }
        lock.lock();
        try {
            while (frames.isEmpty()) {
                if (failure != null) {
                    throw new IOException(failure);
                }
                if (ended || closed) {
                    return -1;
                }
                changed.await();
            }
            BufferData head = frames.peek();
            int n = Math.min(len, head.available());
            head.read(b, off, n);
            if (head.available() == 0) {
                frames.poll();
            }
            buffered -= n;
            changed.signalAll();
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("request body read interrupted");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return buffered;
        } finally {
            lock.unlock();
        }
    }

    /** The reader is done: what waits and what comes is dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            frames.clear();
            buffered = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
