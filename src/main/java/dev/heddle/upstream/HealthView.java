package dev.heddle.upstream;

/** Whether an upstream passes its active health check (implemented by the health package). */
@FunctionalInterface
public interface HealthView {
    HealthView ALWAYS = () -> true;

    boolean healthy();
}
