package io.dafka.config;

/** An invalid or unknown configuration value; the message names the key. */
public final class DafkaConfigException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String key;
    private final String problem;

    public DafkaConfigException(final String key, final String problem)
    {
        super("Invalid configuration '" + key + "': " + problem);
        this.key = key;
        this.problem = problem;
    }

    /** What is wrong with the value, without the key. */
    public String problem()
    {
        return problem;
    }

    /** The offending key. */
    public String key()
    {
        return key;
    }
}
