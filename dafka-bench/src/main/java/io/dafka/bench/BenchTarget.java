package io.dafka.bench;

import java.util.Map;

/** A system under test: something Kafka clients reach with {@link #clientConfig()}. Closing it stops it. */
interface BenchTarget extends AutoCloseable
{
    /** Short name for progress lines and tables, e.g. {@code Kafka}. */
    String name();

    /** Settings shared by producers and consumers of this system (transport, bootstrap, ...). */
    Map<String, Object> clientConfig();

    /** The producers' {@code acks} setting. */
    String acks();

    @Override
    void close();
}
