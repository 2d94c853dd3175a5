package dev.heddle.config;

/**
 * A config that cannot be loaded. The message is one line: the JSON path of the bad field,
 * then what is wrong with it, e.g. {@code apps.http.servers.a.listen[0]: "x" is not host:port}.
 */
public final class ConfigException extends Exception {
    private final String path;
    private final String problem;

    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
