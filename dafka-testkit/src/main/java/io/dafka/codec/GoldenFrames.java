package io.dafka.codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The golden frames: dumps of docs/protocol.md#messages (made by C's {@code dafka_proto_encode} or captured from C
 * traffic over tcp) and of each Java-only extension of docs/protocol-extensions.md, copied from the documents, not
 * computed. The codec's golden-bytes tests check the codec against them; the {@link CodecFuzzer} mutates them.
 */
final class GoldenFrames
{
    // ---- docs/protocol.md#messages, short values: topic/subject "hello", producer ABCD, consumer C0FE, store reader
    // 57E0 ----

    /** RECORD header frame, 27 bytes, written in the spec one field per line. */
    static final String RECORD_HEX =
        "4d " +                          // id 'M'
        "68 65 6c 6c 6f 00 " +           // ZMQ topic "hello" + NUL
        "01 " +                          // version
        "04 41 42 43 44 " +              // address: len 4, "ABCD"
        "05 68 65 6c 6c 6f " +           // subject: len 5, "hello"
        "00 00 00 00 00 00 00 05";       // sequence = 5
    /** RECORD content frame: "alpha". */
    static final String RECORD_CONTENT_HEX = "61 6c 70 68 61";
    static final String HEAD_HEX =
        "48 68 65 6c 6c 6f 00 01 04 41 42 43 44 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 05";
    static final String FETCH_HEX =
        "46 41 42 43 44 00 01 04 43 30 46 45 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 00 00 01 86 a0";
    static final String ACK_HEX =
        "4b 41 42 43 44 00 01 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 07";
    static final String GET_HEADS_HEX =
        "47 68 65 6c 6c 6f 00 01 04 43 30 46 45";
    static final String CONSUMER_HELLO_HEX =
        "57 35 37 45 30 00 01 04 43 30 46 45 00 00 00 02 00 00 00 05 68 65 6c 6c 6f 00 00 00 05 77 6f 72 6c 64";
    static final String STORE_HELLO_HEX =
        "4c 43 30 46 45 00 01 04 35 37 45 30";
    static final String DIRECT_HEAD_HEX =
        "45 43 30 46 45 00 01 04 41 42 43 44 05 68 65 6c 6c 6f 00 00 00 00 00 00 00 05";

    // ---- docs/protocol.md#frames-with-full-length-addresses, captured from real traffic over tcp ----

    static final String CAPTURED_PRODUCER = "D6232FFF9D3C46ECBDA924D1A0CA7E62";
    /** HEAD of 55 bytes = 45 + 2 * len("hello"). */
    static final String CAPTURED_HEAD_HEX =
        "48 'hello' 00 01 20 'D6232FFF9D3C46ECBDA924D1A0CA7E62' 05 'hello' 00 00 00 00 00 00 00 01";
    /** Tail of the consumer's 86-byte FETCH after HEAD(seq 1) with reset=latest: seq 1, count 99999. */
    static final String CAPTURED_FETCH_TAIL_HEX = "00 00 00 00 00 00 00 01 | 00 01 86 9f";

    // ---- Java-only extensions, docs/protocol-extensions.md ----

    /** STORE-HEADS: store reader 57E0 of writer 5701 reports two partitions. */
    static final String STORE_HEADS_HEX =
        "53 " +                          // id 'S'
        "35 37 45 30 00 " +              // ZMQ topic: sending store reader "57E0" + NUL
        "01 " +                          // version
        "04 35 37 30 31 " +              // address: the sending store's writer, len 4, "5701"
        "00 00 00 02 " +                 // count = 2
        "05 68 65 6c 6c 6f " +           // [0] subject: len 5, "hello"
        "04 41 42 43 44 " +              // [0] partition: len 4, "ABCD"
        "00 00 00 00 00 00 00 00 " +     // [0] first = 0
        "00 00 00 00 00 00 00 05 " +     // [0] head = 5
        "05 77 6f 72 6c 64 " +           // [1] subject: len 5, "world"
        "04 43 30 46 45 " +              // [1] partition: len 4, "C0FE"
        "00 00 00 00 00 00 00 03 " +     // [1] first = 3
        "00 00 00 00 00 00 01 00";       // [1] head = 256
    /** The example of docs/protocol-extensions.md: partition ABCD, subject hello, sequence 7, store 5701. */
    static final String STORE_ACK_HEX =
        "41 " +                          // id 'A'
        "41 42 43 44 00 " +              // ZMQ topic = partition address "ABCD" + NUL
        "01 " +                          // version
        "05 68 65 6c 6c 6f " +           // subject: len 5, "hello"
        "00 00 00 00 00 00 00 07 " +     // sequence = 7
        "04 35 37 30 31";                // store: len 4, "5701"
    /** GROUP-HEARTBEAT: member C0FE (instance i1) of group g1 holds generation 3 of leader ABCD. */
    static final String GROUP_HEARTBEAT_HEX =
        "4a " +                          // id 'J'
        "67 31 00 " +                    // ZMQ topic = group "g1" + NUL
        "01 " +                          // version
        "04 43 30 46 45 " +              // address: len 4, "C0FE"
        "02 69 31 " +                    // instance: len 2, "i1"
        "00 00 00 00 00 00 00 07 " +     // sequence = 7
        "00 00 00 00 00 00 00 03 " +     // generation = 3
        "04 41 42 43 44 " +              // leader: len 4, "ABCD"
        "00 00 00 00 00 00 00 04 " +     // known = 4
        "00 " +                          // flags: not leaving
        "00 00 00 01 " +                 // count = 1
        "05 72 61 6e 67 65 " +           // [0] protocol: len 5, "range"
        "00 00 00 02 01 02";             // [0] metadata: len 2, 01 02
    /** GROUP-ASSIGNMENT: leader ABCD of group g1, generation 3, protocol range, members ABCD and i1. */
    static final String GROUP_ASSIGNMENT_HEX =
        "59 " +                          // id 'Y'
        "67 31 00 " +                    // ZMQ topic = group "g1" + NUL
        "01 " +                          // version
        "04 41 42 43 44 " +              // leader: len 4, "ABCD"
        "00 00 00 00 00 00 00 03 " +     // generation = 3
        "05 72 61 6e 67 65 " +           // protocol: len 5, "range"
        "00 00 00 02 " +                 // count = 2
        "04 41 42 43 44 " +              // [0] member: len 4, "ABCD"
        "00 00 00 01 0a " +              // [0] assignment: len 1, 0a
        "02 69 31 " +                    // [1] member: len 2, "i1"
        "00 00 00 02 0b 0c";
    /** OFFSET-COMMIT: consumer C0FE, member i1 of group g1 in generation 3, request 9, hello/ABCD at 42, "m". */
    static final String OFFSET_COMMIT_HEX =
        "4f " +                          // id 'O'
        "67 31 00 " +                    // ZMQ topic = group "g1" + NUL
        "01 " +                          // version
        "04 43 30 46 45 " +              // address: len 4, "C0FE"
        "02 69 31 " +                    // member: len 2, "i1"
        "00 00 00 00 00 00 00 03 " +     // generation = 3
        "00 00 00 00 00 00 00 09 " +     // request = 9
        "00 00 00 01 " +                 // count = 1
        "05 68 65 6c 6c 6f " +           // [0] subject: len 5, "hello"
        "04 41 42 43 44 " +              // [0] partition: len 4, "ABCD"
        "00 00 00 00 00 00 00 2a " +     // [0] offset = 42
        "00 00 00 01 6d";                // [0] metadata: len 1, "m"
    /** OFFSET-COMMIT-ACK: store 5701 refuses request 9 of consumer C0FE: it holds generation 4. */
    static final String OFFSET_COMMIT_ACK_HEX =
        "50 " +                          // id 'P'
        "43 30 46 45 00 " +              // ZMQ topic = consumer "C0FE" + NUL
        "01 " +                          // version
        "04 35 37 30 31 " +              // store: len 4, "5701"
        "00 00 00 00 00 00 00 09 " +     // request = 9
        "01 " +                          // status = 1, fenced
        "00 00 00 00 00 00 00 04 " +     // generation = 4
        "06 66 65 6e 63 65 64";          // reason: len 6, "fenced"
    /** OFFSET-FETCH: consumer C0FE of group g1 asks (request 10) for hello/ABCD. */
    static final String OFFSET_FETCH_HEX =
        "51 " +                          // id 'Q'
        "67 31 00 " +                    // ZMQ topic = group "g1" + NUL
        "01 " +                          // version
        "04 43 30 46 45 " +              // address: len 4, "C0FE"
        "00 00 00 00 00 00 00 0a " +     // request = 10
        "00 00 00 01 " +                 // count = 1
        "05 68 65 6c 6c 6f " +           // [0] subject: len 5, "hello"
        "04 41 42 43 44";                // [0] partition: len 4, "ABCD"
    /** OFFSET-FETCH-ANSWER: store 5701 answers request 10 of C0FE in one part: hello/ABCD at 42, generation 3. */
    static final String OFFSET_FETCH_ANSWER_HEX =
        "52 " +                          // id 'R'
        "43 30 46 45 00 " +              // ZMQ topic = consumer "C0FE" + NUL
        "01 " +                          // version
        "04 35 37 30 31 " +              // store: len 4, "5701"
        "00 00 00 00 00 00 00 0a " +     // request = 10
        "00 00 00 00 " +                 // part = 0
        "00 00 00 01 " +                 // parts = 1
        "00 00 00 01 " +                 // count = 1
        "05 68 65 6c 6c 6f " +           // [0] subject: len 5, "hello"
        "04 41 42 43 44 " +              // [0] partition: len 4, "ABCD"
        "00 00 00 00 00 00 00 2a " +     // [0] offset = 42
        "00 00 00 01 6d " +              // [0] metadata: len 1, "m"
        "00 00 00 00 00 00 00 03 " +     // [0] generation = 3
        "00 00 00 00 00 00 03 e8";       // [0] time = 1000             // [1] assignment: len 2, 0b 0c

    /** DIRECT-BATCH: records 5 ("alpha") and 6 ("beta") of partition ABCD, topic hello, for consumer C0FE. */
    static final String DIRECT_BATCH_HEX =
        "58 " +                          // id 'X'
        "43 30 46 45 00 " +              // ZMQ topic = requester "C0FE" + NUL
        "01 " +                          // version
        "04 41 42 43 44 " +              // address: len 4, "ABCD"
        "05 68 65 6c 6c 6f " +           // subject: len 5, "hello"
        "00 00 00 00 00 00 00 05 " +     // sequence of the first record = 5
        "00 00 00 02 " +                 // count = 2
        "00 00 00 05 61 6c 70 68 61 " +  // [0] length 5, "alpha" (sequence 5)
        "00 00 00 04 62 65 74 61";       // [1] length 4, "beta" (sequence 6)

    private GoldenFrames()
    {
    }

    /** DIRECT-RECORD is DIRECT-HEAD with id 0x44 (docs/protocol.md#direct-record). */
    static byte[] directRecordHeader()
    {
        final byte[] frame = Hex.bytes(DIRECT_HEAD_HEX);
        frame[0] = 0x44;
        return frame;
    }

    /**
     * Every complete header frame given by docs/protocol.md#messages, plus the dump of each Java-only extension
     * from docs/protocol-extensions.md, by name; used by the malformed-input tests too.
     */
    static Map<String, byte[]> all()
    {
        final Map<String, byte[]> frames = new LinkedHashMap<>();
        frames.put("RECORD", Hex.bytes(RECORD_HEX));
        frames.put("HEAD", Hex.bytes(HEAD_HEX));
        frames.put("FETCH", Hex.bytes(FETCH_HEX));
        frames.put("ACK", Hex.bytes(ACK_HEX));
        frames.put("GET-HEADS", Hex.bytes(GET_HEADS_HEX));
        frames.put("CONSUMER-HELLO", Hex.bytes(CONSUMER_HELLO_HEX));
        frames.put("STORE-HELLO", Hex.bytes(STORE_HELLO_HEX));
        frames.put("DIRECT-HEAD", Hex.bytes(DIRECT_HEAD_HEX));
        frames.put("DIRECT-RECORD", directRecordHeader());
        frames.put("captured HEAD", Hex.bytes(CAPTURED_HEAD_HEX));
        frames.put("STORE-HEADS", Hex.bytes(STORE_HEADS_HEX)); // Java-only extension
        frames.put("STORE-ACK (extension)", Hex.bytes(STORE_ACK_HEX));
        frames.put("GROUP-HEARTBEAT", Hex.bytes(GROUP_HEARTBEAT_HEX));
        frames.put("GROUP-ASSIGNMENT", Hex.bytes(GROUP_ASSIGNMENT_HEX));
        frames.put("DIRECT-BATCH", Hex.bytes(DIRECT_BATCH_HEX));
        frames.put("OFFSET-COMMIT", Hex.bytes(OFFSET_COMMIT_HEX));
        frames.put("OFFSET-COMMIT-ACK", Hex.bytes(OFFSET_COMMIT_ACK_HEX));
        frames.put("OFFSET-FETCH", Hex.bytes(OFFSET_FETCH_HEX));
        frames.put("OFFSET-FETCH-ANSWER", Hex.bytes(OFFSET_FETCH_ANSWER_HEX));
        return frames;
    }
}
