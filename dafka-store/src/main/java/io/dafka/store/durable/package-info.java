/**
 * The durable record store: {@link io.dafka.store.durable.DurableRecordStore}, a segmented append-only log per
 * partition (frames with sequence, length and CRC32C; a sparse in-memory index; reads streamed from the files),
 * a Chronicle Map index of partition heads and sealed segments, group commit (fsync before ACK), crash recovery
 * that truncates torn or corrupt tails, and retention by age and size that deletes whole segments.
 */
package io.dafka.store.durable;
