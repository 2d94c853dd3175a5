package dev.heddle.transport.fastcgi;

import dev.heddle.transport.HeaderField;
import dev.heddle.transport.UpstreamResponse;

import java.io.InputStream;
import java.util.List;

/** A response the transport gives itself without contacting the server (a request FastCGI cannot carry). */
final class Answer extends UpstreamResponse {
    private final int status;
    private final String reason;

    private Answer(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    static Answer of(int status, String reason) {
        return new Answer(status, reason);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public List<HeaderField> headers() {
        return List.of(new HeaderField("Content-Length", "0"));
    }

    @Override
    public long contentLength() {
        return 0;
    }

    @Override
    public InputStream body() {
        return InputStream.nullInputStream();
    }

    @Override
    public void close() {
    }

    @Override
    public void abandon() {
    }
}
