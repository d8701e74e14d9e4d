/**
 * ZeroMQ plumbing shared by all engines: guarded socket creation, multipart send/receive of Dafka messages
 * with malformed-input accounting, node addresses and per-node metrics.
 */
package io.dafka.transport;
