/**
 * Failure and bad-input scenarios run with real processes and real sockets: each one streams records, injects a
 * fault, waits for the peers to converge and reports a {@link io.dafka.system.Figure}. JUnit runs the quick scale in
 * {@code mvn verify}; {@code ./dafka chaos} runs them all and prints the table.
 */
package io.dafka.system;
