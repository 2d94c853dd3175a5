package dev.heddle.cli;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.observe.LogSetup;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code heddle <command>}, in the manner of Caddy's CLI. Exit codes: 0 success, 1 a config
 * or start failure (one line on stderr), 2 a usage error.
 */
public final class Main {
    private static final String USAGE = """
            usage:
              heddle run --config FILE [--adapter caddyfile]
                                                serve a Caddy JSON config or a Caddyfile
              heddle validate --config FILE [--adapter caddyfile]
                                                check a config without serving it
              heddle adapt --config FILE [--pretty]
                                                print the Caddy JSON a Caddyfile adapts to
              heddle reverse-proxy --from HOST:PORT --to HOST:PORT [--to HOST:PORT ...]
                                                proxy with no config file
              heddle reload --config FILE [--adapter caddyfile] [--address HOST:PORT]
                                                load FILE into the running instance (admin API)
              heddle stop [--address HOST:PORT] stop the running instance
              heddle trust                      print the local CA's root and how to trust it
              heddle version                    print the version
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs a command; for {@code run} this blocks until the process is stopped. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            Args a = Args.parse(args);
            return switch (a.command()) {
                case "run" -> serve(ConfigFile.load(a.config(), a.adapter()), err);
                case "validate" -> validate(a, out);
                case "adapt" -> {
                    out.println(ConfigFile.adaptedJson(a.config(), a.pretty()));
                    yield 0;
                }
                case "reload" -> reload(a, err);
                case "stop" -> admin(a.address(), "POST", "/stop", null, err);
                case "trust" -> trust(out, err);
                case "reverse-proxy" -> serve(ConfigLoader.parse(QuickProxy.configJson(a.from(), a.to())), err);
                case "version" -> {
                    out.println("heddle " + version() + " (Java " + Runtime.version() + ")");
                    yield 0;
                }
                case "help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                default -> throw new UsageException("unknown command \"" + a.command() + "\"");
            };
        } catch (UsageException e) {
            err.println("heddle: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (ConfigException e) {
            err.println("heddle: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The local CA's root (made if missing) and how to install it. Unlike Caddy, whose
     * install_trust defaults to true, Heddle never touches a trust store by itself.
     */
    private static int trust(PrintStream out, PrintStream err) {
        try {
            dev.heddle.tls.LocalCa ca = dev.heddle.tls.LocalCa.shared(dev.heddle.tls.LocalCa.dataDir(),
                    dev.heddle.config.TlsAppConfig.DEFAULT_CA_NAME);
            String root = ca.rootFile().toString();
            out.println("Heddle's local CA root certificate: " + root);
            out.println("SHA-256 fingerprint: " + ca.rootFingerprint());
            out.println("Heddle does not install it anywhere by itself. To trust it:");
            out.println("  Debian/Ubuntu:  sudo cp " + root + " /usr/local/share/ca-certificates/heddle-local-root.crt"
                    + " && sudo update-ca-certificates");
            out.println("  Java:           keytool -importcert -cacerts -alias heddle-local-root -file " + root);
            out.println("  curl:           curl --cacert " + root + " https://...");
            out.println("  Firefox:        Settings > Privacy & Security > Certificates > View Certificates > Authorities > Import");
            return 0;
        } catch (java.io.IOException e) {
            err.println("heddle: the local CA: " + e.getMessage());
            return 1;
        }
    }

    private static int validate(Args a, PrintStream out) throws ConfigException {
        String file = a.config();
        HeddleConfig config = ConfigFile.load(file, a.adapter());
        out.println("Valid configuration: " + file + " (" + config.servers().size() + " server"
                + (config.servers().size() == 1 ? "" : "s") + ")");
        return 0;
    }

    /** Checks the file here (so its errors name the path), then asks the running instance to load it. */
    private static int reload(Args a, PrintStream err) throws ConfigException {
        HeddleConfig config = ConfigFile.load(a.config(), a.adapter());
        String address = a.address() != null ? a.address() : adminAddress(config);
        return admin(address, "POST", "/load", config.source(), err);
    }

    private static String adminAddress(HeddleConfig config) {
        var listen = config.admin().listen();
        return (listen.host().isEmpty() ? "localhost" : listen.host()) + ":" + listen.port();
    }

    private static int admin(String address, String method, String path, String body, PrintStream err) {
        String failure = AdminClient.send(address == null ? "localhost:2019" : address, method, path, body);
        if (failure != null) {
            err.println("heddle: " + failure);
            return 1;
        }
        return 0;
    }

    private static int serve(HeddleConfig config, PrintStream err) throws ConfigException {
        if (System.getProperty("java.util.logging.config.class") == null) {
            LogSetup.install();
        }
        String fileLimit = FileLimitCheck.warning(FileLimitCheck.current());
        if (fileLimit != null) {
            System.getLogger("dev.heddle").log(System.Logger.Level.WARNING, fileLimit);
        }
        if (config.servers().isEmpty()) {
            err.println("heddle: the config defines no servers (apps.http.servers is empty); nothing to serve");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Instance instance = Instance.start(config, () -> System.exit(0));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.close();
            stopped.countDown();
        }, "heddle-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Parsed command line. */
    record Args(String command, String config, String from, List<String> to, String address, String adapter,
                boolean pretty) {
        static Args parse(String[] args) throws UsageException {
            if (args.length == 0) {
                throw new UsageException("no command given");
            }
            String command = args[0];
            int start = 1;
            String config = null;
            // `java -jar heddle.jar FILE` and `heddle run FILE` are shorthands for run --config FILE.
            if (command.endsWith(".json")) {
                command = "run";
                config = args[0];
            }
            String from = null;
            String address = null;
            String adapter = null;
            boolean pretty = false;
            List<String> to = new java.util.ArrayList<>();
            for (int i = start; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--config", "-c" -> config = value(args, ++i, arg);
                    case "--from" -> from = value(args, ++i, arg);
                    case "--to" -> to.add(value(args, ++i, arg));
                    case "--address" -> address = value(args, ++i, arg);
                    case "--adapter" -> adapter = value(args, ++i, arg);
                    case "--pretty" -> pretty = true;
                    case "--help", "-h" -> command = "help";
                    default -> {
                        if (config == null && !arg.startsWith("-") && NEEDS_CONFIG.contains(command)) {
                            config = arg;
                        } else {
                            throw new UsageException("unexpected argument \"" + arg + "\"");
                        }
                    }
                }
            }
            if (NEEDS_CONFIG.contains(command) && config == null) {
                throw new UsageException(command + " needs --config FILE");
            }
            if (command.equals("reverse-proxy") && to.isEmpty()) {
                throw new UsageException("reverse-proxy needs at least one --to HOST:PORT");
            }
            return new Args(command, config, from == null ? "localhost:8080" : from, List.copyOf(to), address,
                    adapter, pretty);
        }

        private static final java.util.Set<String> NEEDS_CONFIG = java.util.Set.of("run", "validate", "reload", "adapt");

        private static String value(String[] args, int i, String flag) throws UsageException {
            if (i >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            return args[i];
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
