package io.dafka.kafka;

import io.dafka.kafka.consumer.internals.RecordReader;

/** The consumer's {@link RecordReader}: a delivered payload read as a {@link RecordEnvelope}. */
final class EnvelopeReader implements RecordReader
{
    static final EnvelopeReader INSTANCE = new EnvelopeReader();

    private EnvelopeReader()
    {
    }

    @Override
    public Read read(final byte[] content)
    {
        final RecordEnvelope.Decoded decoded = RecordEnvelope.decode(content);
        return new Read(decoded.timestamp(), decoded.key(), decoded.value(), decoded.headers());
    }
}
