/** Immutable model of Caddy's JSON config, read strictly with the JSON path of every error. */
package dev.heddle.config;
