package io.dafka.codec;

/**
 * Decodes header frames into messages, one reusable instance per type. Never throws on bad input: a frame
 * that does not parse yields {@code null} and {@link #lastDropReason()} says why. Not thread-safe; each
 * engine owns its own decoder.
 */
public final class MessageDecoder
{
    private final FrameReader reader = new FrameReader();
    private final DafkaMessage[] byType = new DafkaMessage[MessageType.values().length];
    private DropReason lastDropReason;

    public MessageDecoder()
    {
        byType[MessageType.RECORD.ordinal()] = new Record();
        byType[MessageType.DIRECT_RECORD.ordinal()] = new DirectRecord();
        byType[MessageType.FETCH.ordinal()] = new Fetch();
        byType[MessageType.ACK.ordinal()] = new Ack();
        byType[MessageType.HEAD.ordinal()] = new Head();
        byType[MessageType.DIRECT_HEAD.ordinal()] = new DirectHead();
        byType[MessageType.GET_HEADS.ordinal()] = new GetHeads();
        byType[MessageType.CONSUMER_HELLO.ordinal()] = new ConsumerHello();
        byType[MessageType.STORE_HELLO.ordinal()] = new StoreHello();
        byType[MessageType.STORE_HEADS.ordinal()] = new StoreHeads();
        byType[MessageType.STORE_ACK.ordinal()] = new StoreAck();
        byType[MessageType.GROUP_HEARTBEAT.ordinal()] = new GroupHeartbeat();
        byType[MessageType.GROUP_ASSIGNMENT.ordinal()] = new GroupAssignment();
        byType[MessageType.DIRECT_BATCH.ordinal()] = new DirectBatch();
        byType[MessageType.OFFSET_COMMIT.ordinal()] = new OffsetCommit();
        byType[MessageType.OFFSET_COMMIT_ACK.ordinal()] = new OffsetCommitAck();
        byType[MessageType.OFFSET_FETCH.ordinal()] = new OffsetFetch();
        byType[MessageType.OFFSET_FETCH_ANSWER.ordinal()] = new OffsetFetchAnswer();
    }

    /**
     * Decodes a header frame. For RECORD and DIRECT-RECORD the caller then sets the content from frame 1.
     *
     * @return the decoded message (valid until the next call), or {@code null} if the frame is malformed
     */
    public DafkaMessage decode(final byte[] frame)
    {
        lastDropReason = null;
        if (frame == null || frame.length < Wire.MIN_HEADER_LENGTH)
        {
            return drop(DropReason.TOO_SHORT);
        }
        final MessageType type = MessageType.of(frame[0]);
        if (type == null)
        {
            return drop(DropReason.UNKNOWN_ID);
        }
        int terminator = 1;
        while (terminator < frame.length && frame[terminator] != Wire.TOPIC_TERMINATOR)
        {
            terminator++;
        }
        if (terminator == frame.length)
        {
            return drop(DropReason.NO_TOPIC_TERMINATOR);
        }
        if (terminator + 1 == frame.length)
        {
            return drop(DropReason.TRUNCATED);
        }
        if (frame[terminator + 1] != Wire.VERSION)
        {
            return drop(DropReason.BAD_VERSION);
        }
        final DafkaMessage message = byType[type.ordinal()];
        reader.wrap(frame, terminator + 2);
        try
        {
            message.readFields(reader);
        }
        catch (final RuntimeException malformed)
        {
            if (malformed != FrameReader.MALFORMED)
            {
                throw malformed;
            }
            return drop(DropReason.TRUNCATED);
        }
        message.decodeTopic(frame, terminator - 1);
        return message;
    }

    /** Why the last {@link #decode} returned {@code null}; {@code null} after a success. */
    public DropReason lastDropReason()
    {
        return lastDropReason;
    }

    private DafkaMessage drop(final DropReason reason)
    {
        lastDropReason = reason;
        return null;
    }
}
