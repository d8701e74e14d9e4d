/**
 * The producer (docs/protocol.md#producer). One {@link io.dafka.producer.ProducerNode} owns one XPUB (used as a
 * PUB), one SUB and one beacon, and one partition per topic it writes to, each with its own address, sequence and
 * unacknowledged records. Records are kept until a store acknowledges them and are looked up strictly by sequence
 * (C returns wrong payloads here, docs/protocol.md#unacknowledged-records-by-sequence).
 */
package io.dafka.producer;
