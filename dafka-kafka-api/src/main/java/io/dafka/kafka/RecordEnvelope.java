package io.dafka.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32C;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The body of a Dafka RECORD written by {@code DafkaProducer}: a self-describing envelope that carries what a
 * Kafka record has beyond its value (key, headers, timestamp, null vs empty). A body that is not a valid
 * envelope is a raw value (e.g. from a C producer or {@code dafka.record.format=raw}).
 *
 * <p>Layout, all integers big-endian (network order), version 1:
 * <pre>
 *  offset  size  field
 *  0       4     magic           0xDA 0xFA 0xCA 0xFE (0xFA never occurs in UTF-8 text)
 *  4       1     version         1
 *  5       4     crc             CRC32C (Castagnoli) of every byte from offset 9 to the end, as uint32
 *  9       8     timestamp       int64, ms since the epoch; -1 = none
 *  17      4     key length      int32; -1 = null key
 *  21      k     key bytes
 *  ..      4     value length    int32; -1 = null value (tombstone)
 *  ..      v     value bytes
 *  ..      4     header count    int32, >= 0
 *  then per header, in order:
 *          4     key length      int32, >= 0
 *          n     key             UTF-8
 *          4     value length    int32; -1 = null value
 *          m     value bytes
 * </pre>
 * The body ends exactly after the last header. {@link #decode} accepts a body only if the magic, version,
 * CRC and every length check out and nothing trails; otherwise the whole body is a raw value.
 */
public final class RecordEnvelope
{
    /** The four magic bytes, as a big-endian int. */
    public static final int MAGIC = 0xDAFACAFE;
    /** The only version written and read. */
    public static final byte VERSION = 1;
    /** Timestamp meaning "none" (Kafka's {@code RecordBatch.NO_TIMESTAMP}). */
    public static final long NO_TIMESTAMP = -1L;
    /** Envelope bytes around an empty-key, empty-value, header-less record. */
    public static final int OVERHEAD = 4 + 1 + 4 + 8 + 4 + 4 + 4;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int CRC_OFFSET = 5;
    static final int TIMESTAMP_OFFSET = 9;
    static final int KEY_LENGTH_OFFSET = 17;
    private static final int NULL_LENGTH = -1;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private RecordEnvelope()
    {
    }

    /**
     * A decoded body.
     *
     * @param enveloped true if the body was an envelope; false if it is a raw value
     * @param timestamp ms since the epoch, or {@link #NO_TIMESTAMP}
     * @param key       null if absent
     * @param value     null for a tombstone
     * @param headers   in order, never null
     */
    public record Decoded(boolean enveloped, long timestamp, byte[] key, byte[] value, List<Header> headers)
    {
    }

    /**
     * Builds the decoded form of a body from its parts.
     *
     * @param <T> the decoded form
     */
    @FunctionalInterface
    interface Parts<T>
    {
        /** The parts as {@link Decoded} names them. */
        T of(boolean enveloped, long timestamp, byte[] key, byte[] value, List<Header> headers);
    }

    /** Encodes a record; {@code headers} may be null (none); header keys must not be null. */
    public static byte[] encode(final long timestamp, final byte[] key, final byte[] value,
        final Iterable<Header> headers)
    {
        final List<byte[]> headerKeys = new ArrayList<>();
        final List<byte[]> headerValues = new ArrayList<>();
        long size = OVERHEAD + length(key) + length(value);
        if (headers != null)
        {
            for (final Header header : headers)
            {
                if (header.key() == null)
                {
                    throw new IllegalArgumentException("header key must not be null");
                }
                final byte[] headerKey = header.key().getBytes(StandardCharsets.UTF_8);
                headerKeys.add(headerKey);
                headerValues.add(header.value());
                size += 8L + headerKey.length + length(header.value());
            }
        }
        if (size > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("record too large for an envelope: " + size + " bytes");
        }
        final ByteBuffer buffer = ByteBuffer.allocate((int)size);
        buffer.putInt(MAGIC).put(VERSION).putInt(0).putLong(timestamp);
        putBytes(buffer, key);
        putBytes(buffer, value);
        buffer.putInt(headerKeys.size());
        for (int i = 0; i < headerKeys.size(); i++)
        {
            putBytes(buffer, headerKeys.get(i));
            putBytes(buffer, headerValues.get(i));
        }
        final byte[] body = buffer.array();
        ByteBuffer.wrap(body).putInt(CRC_OFFSET, (int)crc(body));
        return body;
    }

    /** Decodes {@code body}; never throws for any input: what is not a valid envelope is a raw value. */
    public static Decoded decode(final byte[] body)
    {
        return decode(body, Decoded::new);
    }

    /**
     * Decodes {@code body} as {@link #decode(byte[])} does, handing the parts to {@code parts} rather than building a
     * {@link Decoded}: the reader of every polled record builds its own form directly.
     */
    static <T> T decode(final byte[] body, final Parts<T> parts)
    {
        if (body == null)
        {
            return parts.of(false, NO_TIMESTAMP, null, null, List.of());
        }
        final T decoded = isEnvelope(body) ? parse(body, parts) : null;
        return decoded != null ? decoded : parts.of(false, NO_TIMESTAMP, null, body, List.of());
    }

    /** True if {@code body} starts with the magic and version (its CRC and lengths are not checked). */
    public static boolean hasMagic(final byte[] body)
    {
        return body != null && body.length >= OVERHEAD && (int)INT.get(body, MAGIC_OFFSET) == MAGIC &&
            body[VERSION_OFFSET] == VERSION;
    }

    private static boolean isEnvelope(final byte[] body)
    {
        return hasMagic(body) && ((int)INT.get(body, CRC_OFFSET) & 0xFFFFFFFFL) == crc(body);
    }

    /** The parts of an envelope whose magic, version and CRC check out, or null if a length does not. */
    private static <T> T parse(final byte[] body, final Parts<T> parts)
    {
        final int end = body.length;
        final long timestamp = (long)LONG.get(body, TIMESTAMP_OFFSET);
        int at = KEY_LENGTH_OFFSET;
        final int keyLength = (int)INT.get(body, at);
        at += 4;
        if (!fits(keyLength, at, end))
        {
            return null;
        }
        final byte[] key = copy(body, at, keyLength);
        at += Math.max(0, keyLength);
        if (end - at < 4)
        {
            return null;
        }
        final int valueLength = (int)INT.get(body, at);
        at += 4;
        if (!fits(valueLength, at, end))
        {
            return null;
        }
        final byte[] value = copy(body, at, valueLength);
        at += Math.max(0, valueLength);
        if (end - at < 4)
        {
            return null;
        }
        final int count = (int)INT.get(body, at);
        at += 4;
        if (count < 0 || count > (end - at) / 8)
        {
            return null;
        }
        if (count == 0)
        {
            return at == end ? parts.of(true, timestamp, key, value, List.of()) : null;
        }
        final List<Header> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            if (end - at < 4)
            {
                return null;
            }
            final int headerKeyLength = (int)INT.get(body, at);
            at += 4;
            if (headerKeyLength == NULL_LENGTH || !fits(headerKeyLength, at, end))
            {
                return null;
            }
            final String headerKey = new String(body, at, headerKeyLength, StandardCharsets.UTF_8);
            at += headerKeyLength;
            if (end - at < 4)
            {
                return null;
            }
            final int headerValueLength = (int)INT.get(body, at);
            at += 4;
            if (!fits(headerValueLength, at, end))
            {
                return null;
            }
            headers.add(new RecordHeader(headerKey, copy(body, at, headerValueLength)));
            at += Math.max(0, headerValueLength);
        }
        return at == end ? parts.of(true, timestamp, key, value, Collections.unmodifiableList(headers)) : null;
    }

    /** Whether a length read just before {@code at} is null or fits before {@code end}. */
    private static boolean fits(final int length, final int at, final int end)
    {
        return length == NULL_LENGTH || length >= 0 && length <= end - at;
    }

    /** A copy of the {@code length} bytes at {@code at}, or null for {@link #NULL_LENGTH}. */
    private static byte[] copy(final byte[] body, final int at, final int length)
    {
        return length == NULL_LENGTH ? null : Arrays.copyOfRange(body, at, at + length);
    }

    private static void putBytes(final ByteBuffer buffer, final byte[] bytes)
    {
        if (bytes == null)
        {
            buffer.putInt(NULL_LENGTH);
        }
        else
        {
            buffer.putInt(bytes.length).put(bytes);
        }
    }

    private static int length(final byte[] bytes)
    {
        return bytes == null ? 0 : bytes.length;
    }

    private static long crc(final byte[] body)
    {
        final CRC32C crc = new CRC32C();
        crc.update(body, TIMESTAMP_OFFSET, body.length - TIMESTAMP_OFFSET);
        return crc.getValue();
    }
}
