package dev.heddle.admin;

import dev.heddle.config.ConfigException;
import dev.heddle.config.HeddleConfig;

/** What the admin API drives: the running server, seen through the one load path. */
public interface ConfigTarget {
    HeddleConfig config();

    /** Loads {@code config} (fully built before it takes traffic); false when unchanged and not forced. */
    boolean reload(HeddleConfig config, boolean force) throws ConfigException;
}
