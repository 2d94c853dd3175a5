package dev.heddle.caddyfile;

import java.util.List;

/**
 * A block of the Caddyfile: its keys (site addresses; none for the global options block) and
 * its segments, each a directive's tokens with its arguments and sub-block.
 */
public record ServerBlock(boolean hasBraces, List<String> keys, List<List<Token>> segments) {
}
