/**
 * The Dafka store: a {@link io.dafka.store.StoreNode} runs a store writer, which stores every partition gap-free
 * from sequence 0 and ACKs it, and a store reader, which answers FETCH, GET-HEADS and CONSUMER-HELLO from a {@link
 * io.dafka.store.RecordStore}: {@link io.dafka.store.InMemoryRecordStore} (tests, demos) or {@link
 * io.dafka.store.durable.DurableRecordStore} (on disk). Wire-compatible with the C store (docs/protocol.md
 * #store-writer, #store-reader), without its bugs (docs/protocol.md#differences-from-the-c-implementation): exact
 * topic matching in head scans, at most {@code count} records per FETCH answer, malformed input dropped and
 * counted, a bounded send HWM on the writer. Java only, wire unchanged: a FETCH below the first record still held
 * is answered from that record (C answers nothing), and with {@code store.adopt} a store adopts a partition it
 * joined mid-stream (docs/protocol.md#mid-stream-adoption).
 */
package io.dafka.store;
