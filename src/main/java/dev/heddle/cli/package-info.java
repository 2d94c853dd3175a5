/** Command-line entry points: run, validate, version and the config-free reverse-proxy mode. */
package dev.heddle.cli;
