package dev.heddle.jmh;

import dev.heddle.proxy.CopyLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;

/**
 * The response copy loop over a 1 MiB body in memory (no sockets), by buffer size and flush
 * policy: what the loop itself costs per body, apart from the kernel.
 */
@State(Scope.Thread)
public class CopyLoopBench {
    @Param({"16384", "131072"})
    int bufferSize;

    @Param({"BUFFERED", "EVERY_WRITE"})
    String flush;

    private final byte[] body = new byte[1 << 20];
    private byte[] buffer;
    private CopyLoop.FlushPolicy policy;
    private final OutputStream sink = OutputStream.nullOutputStream();

    @Setup
    public void setUp() {
        buffer = new byte[bufferSize];
        policy = flush.equals("BUFFERED") ? CopyLoop.FlushPolicy.BUFFERED : CopyLoop.FlushPolicy.EVERY_WRITE;
    }

    @Benchmark
    public Object copyOneMebibyte() {
        return CopyLoop.copy(new ByteArrayInputStream(body), sink, buffer, policy);
    }
}
