/**
 * The consumer (docs/protocol.md#consumer, #fetching-missed-records) with the Java fixes of
 * docs/protocol.md#differences-from-the-c-implementation: exact topic subscriptions ({@code M}/{@code H} + topic +
 * NUL), DIRECT traffic for unsubscribed topics ignored, a bounded buffer of out-of-order records held during a gap
 * instead of dropping them, FETCH for the real gap (bounded) and repeated on HEAD until caught up, and "nothing
 * delivered yet" as a signed -1. A producer HEAD below a sequence already delivered (an address re-used by a new
 * producer incarnation) is counted ({@code SEQUENCE_REGRESSIONS}) and logged, never dropped silently.
 */
package io.dafka.consumer;
