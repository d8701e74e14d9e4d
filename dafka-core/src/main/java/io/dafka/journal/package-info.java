/**
 * Small durable maps on disk: {@link io.dafka.journal.OffsetsJournal}, the snapshot and journal files that hold
 * committed offsets, for the Kafka consumer's offsets file and for a store's committed offsets alike.
 */
package io.dafka.journal;
