package dev.heddle.observe;

import dev.heddle.config.LoggingConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a log line to every configured log that takes its logger name (Caddy's include and
 * exclude), plus the default log on stderr unless a log named "default" replaces it, as Caddy does.
 */
public final class LogRouter implements AutoCloseable {
    private record Sink(LoggingConfig.Log log, LogWriter writer) {
    }

    private final List<Sink> sinks = new ArrayList<>();

    public LogRouter(LoggingConfig config) throws IOException {
        boolean hasDefault = false;
        try {
            for (LoggingConfig.Log log : config.logs()) {
                hasDefault |= log.name().equals("default");
                sinks.add(new Sink(log, LogWriter.open(log.output(), log.filename())));
            }
            if (!hasDefault) {
                sinks.add(new Sink(new LoggingConfig.Log("default", "stderr", "", List.of(), List.of()),
                        LogWriter.open("stderr", "")));
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    public void write(String logger, String line) {
        for (Sink s : sinks) {
            if (s.log().takes(logger)) {
                s.writer().write(line);
            }
        }
    }

    @Override
    public void close() {
        sinks.forEach(s -> s.writer().close());
    }
}
