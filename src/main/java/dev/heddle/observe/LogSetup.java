package dev.heddle.observe;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
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

    public LogSetup() {
        install();
    }

    public static void install() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler console = new ConsoleHandler() {
            {
                setOutputStream(new PrintStream(System.err, true));
            }
        };
        console.setLevel(Level.ALL);
        console.setFormatter(new OneLine());
        root.addHandler(console);
        root.setLevel(Level.INFO);
        boolean debug = "1".equals(System.getenv("HEDDLE_DEBUG"));
        Logger.getLogger("dev.heddle").setLevel(debug ? Level.FINE : Level.INFO);
        Logger.getLogger("io.helidon").setLevel(Level.WARNING);
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
