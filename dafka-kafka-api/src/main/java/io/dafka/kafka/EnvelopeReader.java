package io.dafka.kafka;

import io.dafka.kafka.consumer.internals.RecordReader;

/** The consumer's {@link RecordReader}: a delivered payload read as a {@link RecordEnvelope}. */
final class EnvelopeReader implements RecordReader
{
    static final EnvelopeReader INSTANCE = new EnvelopeReader();
    private static final RecordEnvelope.Parts<Read> READ =
        (enveloped, timestamp, key, value, headers) -> new Read(timestamp, key, value, headers);

    private EnvelopeReader()
    {
    }

    @Override
    public Read read(final byte[] content)
    {
        return RecordEnvelope.decode(content, READ);
    }
}
