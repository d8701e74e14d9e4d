package io.dafka.transport;

/** Counters kept by every node; each engine uses the ones that apply to it. */
public enum Metric
{
    /** Well-formed Dafka messages received. */
    MESSAGES_RECEIVED,
    /** Frames dropped because they did not parse or had the wrong shape. */
    MALFORMED_DROPPED,
    /** RECORD messages published (producer). */
    RECORDS_PUBLISHED,
    /** Records delivered to the application, in order (consumer). */
    RECORDS_DELIVERED,
    /** Records written to the store (store writer). */
    RECORDS_STORED,
    /** DIRECT-RECORDs sent in answer to FETCH (producer, store reader). */
    RECORDS_SERVED,
    /** DIRECT-BATCH messages sent in answer to FETCH, each holding several of the records served. */
    BATCHES_SENT,
    /** Records received again after they had been delivered or stored. */
    DUPLICATES_DROPPED,
    /** Out-of-order records held while a gap was fetched (consumer). */
    RECORDS_BUFFERED,
    /** Records skipped because no peer holds them any more (deleted by a store's retention). */
    RECORDS_SKIPPED,
    /** Appends or fsyncs that failed (store writer): each degrades the store until a retried write succeeds. */
    WRITE_FAILURES,
    /** FETCH requests sent. */
    FETCHES_SENT,
    /**
     * Subscriptions to a partition's FETCHes seen on a consumer's or store writer's publisher (its producer
     * connected back).
     */
    FETCH_SUBSCRIPTIONS_SEEN,
    /** HEAD messages published (producer). */
    HEADS_SENT,
    /** ACKs sent (store writer) or received (producer); at the producer STORE-ACKs too. */
    ACKS,
    /** ACKs above the last sequence sent: an earlier producer used the partition address (producer). */
    INCARNATION_CONFLICTS,
    /** Peers discovered through the tower. */
    PEERS_CONNECTED,
    /** CURVE handshakes refused because the peer's public key is not on the allow-list (security on). */
    PEERS_REFUSED,
    /** Peers forgotten after their beacons stopped. */
    PEERS_DISCONNECTED,
    /** A partition's sequence went backwards: its address was reused by a new producer incarnation. */
    SEQUENCE_REGRESSIONS
}
