package io.dafka.group;

import io.dafka.codec.DafkaMessage;

/** Where a {@link GroupMember} sends what it produces; called on the thread that drives the member. */
public interface GroupOutput
{
    /** Publish a GROUP-HEARTBEAT or GROUP-ASSIGNMENT to the group (the engine's data socket). */
    void publish(DafkaMessage message);

    /** Hand an event to the application. */
    void event(GroupEvent event);
}
