/**
 * The producer (PROTOCOL.md §3.3). One {@link io.dafka.producer.ProducerNode} owns one XPUB (used as a PUB),
 * one SUB and one beacon, and one partition per topic it writes to, each with its own address, sequence and unacknowledged
 * records. Records are kept until a store acknowledges them and are looked up strictly by sequence (C returns
 * wrong payloads here, PROTOCOL.md B1).
 */
package io.dafka.producer;
