package dev.heddle.http;

import dev.heddle.config.ConfigException;
import dev.heddle.config.HandlerConfig;

/**
 * Builds a runtime handler from its config, once per load. Implemented above this package
 * (it knows every handler module), so that {@code http} needs no handler implementations.
 */
@FunctionalInterface
public interface HandlerFactory {
    Handler create(HandlerConfig config, Provisioner provisioner) throws ConfigException;
}
