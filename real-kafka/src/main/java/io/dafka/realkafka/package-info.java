/**
 * A real Apache Kafka broker for the Kafka-API contract tests and the benchmarks: {@link io.dafka.realkafka.RealKafka}
 * picks an external broker, a Testcontainers {@link io.dafka.realkafka.DockerKafka} or a child-JVM
 * {@link io.dafka.realkafka.ProcessKafka} (single-node KRaft from Maven Central jars), and
 * {@link io.dafka.realkafka.RealKafkaExtension} shares one of them across a JUnit 5 test JVM.
 * <p>
 * Test support only: no product module may depend on this package at compile scope.
 */
package io.dafka.realkafka;
