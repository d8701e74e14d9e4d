package io.dafka.realkafka;

import java.time.Duration;

/** A broker someone else runs ({@code realkafka.bootstrap}); closing it does nothing. */
final class ExternalKafka implements RealKafka
{
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    private ExternalKafka(final String bootstrapServers)
    {
        this.bootstrapServers = bootstrapServers;
    }

    /** Returns once the broker at {@code bootstrapServers} describes its cluster, within 60 s. */
    static ExternalKafka connect(final String bootstrapServers)
    {
        Readiness.awaitCluster(bootstrapServers, Readiness.deadline(READY_TIMEOUT), () ->
        {
        }, () -> "");
        return new ExternalKafka(bootstrapServers);
    }

    @Override
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    @Override
    public Kind kind()
    {
        return Kind.EXTERNAL;
    }

    @Override
    public void close()
    {
    }

    @Override
    public String toString()
    {
        return "ExternalKafka[" + bootstrapServers + "]";
    }
}
