package io.dafka.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.dafka.codec.Ack;
import io.dafka.codec.ConsumerHello;
import io.dafka.codec.DafkaMessage;
import io.dafka.codec.DirectRecord;
import io.dafka.codec.Fetch;
import io.dafka.codec.GetHeads;
import io.dafka.codec.MessageType;
import io.dafka.codec.PartitionMessage;
import io.dafka.codec.Record;
import io.dafka.codec.StoreAck;
import io.dafka.codec.StoreHeads;
import io.dafka.codec.StoreHello;

/** An immutable copy of a decoded message, for assertions. Fields a type does not have are null / -1. */
public record Received(MessageType type, String topic, String address, String subject, long sequence, long count,
    byte[] content, List<String> subjects)
{
    static Received of(final DafkaMessage message)
    {
        String address = null;
        String subject = null;
        long sequence = -1;
        long count = -1;
        byte[] content = null;
        List<String> subjects = null;
        if (message instanceof PartitionMessage partition)
        {
            address = partition.address();
            subject = partition.subject();
            sequence = partition.sequence();
        }
        if (message instanceof Fetch fetch)
        {
            count = fetch.count();
        }
        if (message instanceof Record record)
        {
            content = record.content();
        }
        if (message instanceof DirectRecord record)
        {
            content = record.content();
        }
        if (message instanceof Ack ack)
        {
            subject = ack.subject();
            sequence = ack.sequence();
        }
        if (message instanceof StoreAck ack)
        {
            subject = ack.subject();
            sequence = ack.sequence();
            address = ack.store();
        }
        if (message instanceof GetHeads getHeads)
        {
            address = getHeads.address();
        }
        if (message instanceof StoreHello hello)
        {
            address = hello.address();
        }
        if (message instanceof ConsumerHello hello)
        {
            address = hello.address();
            subjects = hello.subjects();
        }
        if (message instanceof StoreHeads heads)
        {
            address = heads.address();
            final String[] entries = new String[heads.count()];
            for (int i = 0; i < entries.length; i++)
            {
                entries[i] = heads.subject(i) + "/" + heads.partition(i) + " " + heads.first(i) + ".." + heads.head(i);
            }
            subjects = List.of(entries); // STORE-HEADS entries as "subject/partition first..head"
        }
        return new Received(message.type(), message.topic(), address, subject, sequence, count, content, subjects);
    }

    /** The content as UTF-8 text. */
    public String text()
    {
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString()
    {
        return type + "{topic=" + topic + ", address=" + address + ", subject=" + subject + ", seq=" + sequence +
            (count >= 0 ? ", count=" + count : "") + (content != null ? ", content=" + text() : "") +
            (subjects != null ? ", subjects=" + subjects : "") + "}";
    }
}
