/**
 * Consumer groups without a coordinator (docs/groups.md): {@link io.dafka.group.GroupMember} is one member's pure
 * state machine over the GROUP-HEARTBEAT and GROUP-ASSIGNMENT messages (docs/protocol-extensions.md). It knows no
 * Kafka types: protocol metadata and assignments are opaque bytes, which the Kafka layer fills with its own
 * serialized subscriptions and assignments.
 */
package io.dafka.group;
