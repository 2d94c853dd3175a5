package dev.heddle.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Records what Heddle logs under a logger name, at every level, while open. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level previous;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    public LogCapture(String loggerName) {
        this.logger = Logger.getLogger(loggerName);
        this.previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    public List<LogRecord> records() {
        return records;
    }

    public List<String> messages(Level atLeast, Level below) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= atLeast.intValue() && r.getLevel().intValue() < below.intValue())
                .map(LogRecord::getMessage).toList();
    }

    public List<String> errors() {
        return messages(Level.SEVERE, Level.OFF);
    }

    public List<String> debug() {
        return messages(Level.ALL, Level.INFO);
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
