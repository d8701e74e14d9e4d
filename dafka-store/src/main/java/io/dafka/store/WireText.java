package io.dafka.store;

/** Checks on text received from peers before the store uses it as a ZMQ topic of a reply. */
final class WireText
{
    private WireText()
    {
    }

    /** Whether {@code value} can be a ZMQ topic: a NUL would end the topic early, so the codec rejects it. */
    static boolean isTopic(final String value)
    {
        return value.indexOf('\0') < 0;
    }
}
