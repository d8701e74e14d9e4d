package io.dafka.system;

import java.util.List;

/** Every scenario, in the order {@code ./dafka chaos} runs them. */
public final class Scenarios
{
    private Scenarios()
    {
    }

    public static List<Scenario> all()
    {
        return List.of(
            // scenarios register here, one line each
            new io.dafka.system.netns.NetworkCutScenario(),
            new io.dafka.system.hostile.CodecFuzzScenario(),
            new io.dafka.system.hostile.TcpGarbageScenario(),
            new io.dafka.system.hostile.BadFramesScenario()
        );
    }
}
