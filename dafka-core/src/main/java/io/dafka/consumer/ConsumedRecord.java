package io.dafka.consumer;

import java.nio.charset.StandardCharsets;

/**
 * A record delivered in order: per partition, sequences arrive consecutively, exactly once.
 *
 * @param topic     the Dafka topic (subject)
 * @param partition the producer address that names the partition
 * @param sequence  position in the partition, from 0
 * @param content   the payload, as sent
 */
public record ConsumedRecord(String topic, String partition, long sequence, byte[] content)
{
    /** The payload as UTF-8 text. */
    public String text()
    {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return topic + "/" + partition + "@" + sequence + " (" + content.length + " bytes)";
    }
}
