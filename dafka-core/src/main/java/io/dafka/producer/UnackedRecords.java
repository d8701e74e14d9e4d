package io.dafka.producer;

/**
 * The records of one partition that no store has acknowledged yet, addressed strictly by sequence: a ring of
 * slots where sequence {@code s} lives at {@code (s - first)} from the head. Appends are consecutive; an
 * acknowledgement removes every record up to a sequence. Not thread-safe (owned by the producer agent).
 *
 * @param <A> what the producer keeps with each record (e.g. the sender's callback)
 */
public final class UnackedRecords<A>
{
    private static final int INITIAL_CAPACITY = 1024;

    private byte[][] contents = new byte[INITIAL_CAPACITY][];
    private Object[] attachments = new Object[INITIAL_CAPACITY];
    private int head;
    private int size;
    private long firstSequence;
    private long nextSequence;
    private long lastAcked = -1;
    private long bytes;

    /** Receives each record released by {@link #acknowledge}. */
    @FunctionalInterface
    public interface Released<A>
    {
        void released(long sequence, A attachment);
    }

    /** Adds the record with the next sequence. */
    public void append(final long sequence, final byte[] content, final A attachment)
    {
        if (sequence != nextSequence)
        {
            throw new IllegalArgumentException("expected sequence " + nextSequence + ", got " + sequence);
        }
        if (size == contents.length)
        {
            grow();
        }
        if (size == 0)
        {
            firstSequence = sequence;
        }
        final int slot = (head + size) & (contents.length - 1);
        contents[slot] = content;
        attachments[slot] = attachment;
        size++;
        nextSequence++;
        bytes += content.length;
    }

    /** The content of {@code sequence}, or {@code null} if it is acknowledged or was never appended. */
    public byte[] content(final long sequence)
    {
        if (size == 0 || sequence < firstSequence || sequence >= nextSequence)
        {
            return null;
        }
        return contents[(head + (int)(sequence - firstSequence)) & (contents.length - 1)];
    }

    /**
     * Releases every record with a sequence up to and including {@code sequence} (ACK is cumulative).
     *
     * @return how many were released
     */
    @SuppressWarnings("unchecked")
    public int acknowledge(final long sequence, final Released<A> released)
    {
        // Never beyond what was sent, so a later flush still waits for records appended after this ACK.
        lastAcked = Math.max(lastAcked, Math.min(sequence, nextSequence - 1));
        int count = 0;
        while (size > 0 && firstSequence <= sequence)
        {
            final byte[] content = contents[head];
            final A attachment = (A)attachments[head];
            contents[head] = null;
            attachments[head] = null;
            head = (head + 1) & (contents.length - 1);
            size--;
            bytes -= content.length;
            if (released != null)
            {
                released.released(firstSequence, attachment);
            }
            firstSequence++;
            count++;
        }
        return count;
    }

    /** Releases everything, e.g. when the producer gives up at close. */
    public int releaseAll(final Released<A> released)
    {
        final long last = nextSequence - 1;
        final long acked = lastAcked;
        final int count = acknowledge(last, released);
        lastAcked = acked;
        return count;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    public int size()
    {
        return size;
    }

    /** Payload bytes retained. */
    public long bytes()
    {
        return bytes;
    }

    /** Oldest unacknowledged sequence, or -1 if none. */
    public long firstSequence()
    {
        return size == 0 ? -1 : firstSequence;
    }

    /** Highest sequence acknowledged so far, or -1. */
    public long lastAcked()
    {
        return lastAcked;
    }

    private void grow()
    {
        final int capacity = contents.length * 2;
        final byte[][] newContents = new byte[capacity][];
        final Object[] newAttachments = new Object[capacity];
        for (int i = 0; i < size; i++)
        {
            final int slot = (head + i) & (contents.length - 1);
            newContents[i] = contents[slot];
            newAttachments[i] = attachments[slot];
        }
        contents = newContents;
        attachments = newAttachments;
        head = 0;
    }
}
