package io.dafka;

/** A Dafka node could not do what was asked: start-up failed, a close timed out, the node is closed. */
public class DafkaException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public DafkaException(final String message)
    {
        super(message);
    }

    public DafkaException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
