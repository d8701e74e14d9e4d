package io.dafka.codec;

/**
 * The Dafka message types and their one-byte ids: the nine of the C implementation, plus Java-only extensions
 * that C peers never subscribe to (docs/protocol-extensions.md).
 */
public enum MessageType
{
    RECORD('M'),
    DIRECT_RECORD('D'),
    FETCH('F'),
    ACK('K'),
    HEAD('H'),
    DIRECT_HEAD('E'),
    GET_HEADS('G'),
    CONSUMER_HELLO('W'),
    STORE_HELLO('L'),
    /** Java-only extension: a store's per-partition summary for other stores' writers (anti-entropy). */
    STORE_HEADS('S'),
    /** Java-only extension: ACK naming the store (docs/protocol-extensions.md). */
    STORE_ACK('A'),
    /** Java-only extension: a consumer group member's heartbeat (docs/protocol-extensions.md). */
    GROUP_HEARTBEAT('J'),
    /** Java-only extension: a consumer group leader's assignment of one generation. */
    GROUP_ASSIGNMENT('Y'),
    /** Java-only extension: many consecutive records of one partition answering a FETCH, in one frame. */
    DIRECT_BATCH('X'),
    /** Java-only extension: a consumer asks the stores to keep its group's committed offsets. */
    OFFSET_COMMIT('O'),
    /** Java-only extension: a store's answer to one OFFSET-COMMIT. */
    OFFSET_COMMIT_ACK('P'),
    /** Java-only extension: a consumer asks the stores for its group's committed offsets. */
    OFFSET_FETCH('Q'),
    /** Java-only extension: one part of a store's answer to an OFFSET-FETCH. */
    OFFSET_FETCH_ANSWER('R');

    private static final MessageType[] BY_ID = new MessageType[128];

    static
    {
        for (final MessageType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final byte id;

    MessageType(final char id)
    {
        this.id = (byte)id;
    }

    /** The id byte that starts the header frame and every subscription for this type. */
    public byte id()
    {
        return id;
    }

    /** Whether a content frame follows the header frame. */
    public boolean hasContent()
    {
        return this == RECORD || this == DIRECT_RECORD;
    }

    /** The type with this id byte, or {@code null} if the id is unknown. */
    public static MessageType of(final byte id)
    {
        return id >= 0 ? BY_ID[id] : null;
    }
}
