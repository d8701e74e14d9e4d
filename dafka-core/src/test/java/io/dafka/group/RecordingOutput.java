package io.dafka.group;

import java.util.ArrayList;
import java.util.List;

import io.dafka.codec.DafkaMessage;

/** A {@link GroupOutput} that keeps what a member published and the events it reported, in order. */
final class RecordingOutput implements GroupOutput
{
    final List<DafkaMessage> published = new ArrayList<>();
    final List<GroupEvent> events = new ArrayList<>();

    @Override
    public void publish(final DafkaMessage message)
    {
        published.add(message);
    }

    @Override
    public void event(final GroupEvent event)
    {
        events.add(event);
    }
}
