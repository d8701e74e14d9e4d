package io.dafka.consumer;

/**
 * Decides whether a live RECORD that arrived is processed or treated as lost on the wire. For tests and
 * chaos runs that need loss to happen deterministically; production consumers use {@link #NONE}.
 */
@FunctionalInterface
public interface LiveRecordFilter
{
    /** Loses nothing. */
    LiveRecordFilter NONE = (topic, partition, sequence) -> true;

    /** True to process the record, false to drop it as if the network had. */
    boolean accept(String topic, String partition, long sequence);
}
