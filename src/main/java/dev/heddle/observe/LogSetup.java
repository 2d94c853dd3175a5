package dev.heddle.observe;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One-line logs on stderr: time, level, logger, message. Heddle at INFO (DEBUG with
 * {@code HEDDLE_DEBUG=1}); Helidon's own chatter at WARNING. Usable as
 * {@code -Djava.util.logging.config.class=dev.heddle.observe.LogSetup}.
 */
public final class LogSetup {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
    // JUL holds loggers weakly: a level set on a logger nobody references is lost at the next GC.
    private static final Logger HEDDLE = Logger.getLogger("dev.heddle");
    private static final Logger HELIDON = Logger.getLogger("io.helidon");
    private static final Logger HELIDON_SERVER = Logger.getLogger("io.helidon.webserver.LoomServer");

    public LogSetup() {
        install();
    }

    public static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new StderrHandler();
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(Level.INFO);
        boolean debug = "1".equals(System.getenv("HEDDLE_DEBUG"));
        HEDDLE.setLevel(debug ? Level.FINE : Level.INFO);
        HELIDON.setLevel(Level.WARNING);
        // Heddle reports a listener that cannot bind itself, in one line naming the config path.
        HELIDON_SERVER.setLevel(Level.OFF);
    }

    /**
     * Writes each record to the current System.err. (ConsoleHandler cannot be pointed at a new
     * stream without closing System.err itself.)
     */
    private static final class StderrHandler extends Handler {
        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                System.err.print(getFormatter().format(r));
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }

    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String msg = formatMessage(r);
            StringBuilder sb = new StringBuilder(96 + msg.length());
            sb.append(TIME.format(Instant.ofEpochMilli(r.getMillis()).atOffset(ZoneOffset.UTC)))
                    .append(' ').append(level(r.getLevel()))
                    .append(' ').append(r.getLoggerName())
                    .append(": ").append(msg).append('\n');
            if (r.getThrown() != null && r.getLevel().intValue() >= Level.WARNING.intValue()) {
                sb.append("  caused by ").append(r.getThrown()).append('\n');
            }
            return sb.toString();
        }

        private static String level(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN ";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return "DEBUG";
        }
    }
}
