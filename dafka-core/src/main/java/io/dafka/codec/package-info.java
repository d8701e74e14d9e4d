/**
 * The Dafka wire protocol, byte-identical to the C implementation (zeromq/dafka, zproto "pubsub" mode).
 *
 * <p>Every message is one ZeroMQ multipart message. Frame 0 (the header frame) is:
 * <pre>
 *   id (1 byte, ASCII) | ZMQ topic (T bytes, no NUL) | 0x00 | version 0x01 | fields...
 * </pre>
 * RECORD and DIRECT-RECORD carry a second frame with the record content (any length, including 0).
 * Integers are unsigned big-endian; {@code string} is one length byte plus at most 255 bytes (UTF-8 here);
 * {@code longstr} is a 4-byte length plus bytes; {@code strings} is a 4-byte count of {@code longstr}.
 *
 * <pre>
 *   message         id  ZMQ topic           fields
 *   RECORD          M   topic               address, subject, sequence (+ content frame)
 *   DIRECT-RECORD   D   requester address   address, subject, sequence (+ content frame)
 *   FETCH           F   partition address   address (requester), subject, sequence, count(4)
 *   ACK             K   partition address   subject, sequence
 *   HEAD            H   topic               address, subject, sequence
 *   DIRECT-HEAD     E   consumer address    address, subject, sequence
 *   GET-HEADS       G   topic               address (consumer)
 *   CONSUMER-HELLO  W   store reader addr.  address (consumer), subjects
 *   STORE-HELLO     L   consumer address    address (store reader)
 *   STORE-HEADS     S   store reader addr.  address (store writer), count(4), count x [subject, partition,
 *                                           first(8), head(8)]    -- Java-only extension
 *   STORE-ACK       A   partition address   subject, sequence, store   (Java-only extension)
 *   GROUP-HEARTBEAT J   group id            (Java-only extension, see docs/protocol-extensions.md)
 *   GROUP-ASSIGNMENT Y  group id            (Java-only extension)
 *   OFFSET-COMMIT   O   group id            address, member, generation, request, entries  (Java-only extension)
 *   OFFSET-COMMIT-ACK P consumer address    store, request, status, generation, reason     (Java-only extension)
 *   OFFSET-FETCH    Q   group id            address, request, partitions                   (Java-only extension)
 *   OFFSET-FETCH-ANSWER R consumer address  store, request, part, parts, entries           (Java-only extension)
 * </pre>
 *
 * <p>There is no signature. The codec is pure: it imports neither JeroMQ nor Kafka. Decoding never throws;
 * a frame that does not parse is reported as {@code null} with a {@link io.dafka.codec.DropReason}.
 * Every id above is one the C implementation sends, except the Java-only extensions marked as such, which C
 * peers never subscribe to; they are documented byte by byte in docs/protocol-extensions.md.
 */
package io.dafka.codec;
