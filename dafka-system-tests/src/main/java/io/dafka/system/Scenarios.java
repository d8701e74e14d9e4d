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
            new io.dafka.system.faults.SlowConsumerScenario(),
            new io.dafka.system.faults.StoreKillScenario(1),
            new io.dafka.system.faults.StoreKillScenario(3),
            new io.dafka.system.faults.StoreConvergeScenario(),
            new io.dafka.system.faults.ProducerKillScenario(),
            new io.dafka.system.faults.AcksAllScenario(),
            new io.dafka.system.faults.ConsumerRestartScenario(),
            new io.dafka.system.faults.ManyTopicsScenario(),
            new io.dafka.system.faults.PeerChurnScenario(),
            new io.dafka.system.faults.ManyProducersScenario(),
            new io.dafka.system.faults.ManyPartitionsScenario(),
            new io.dafka.system.faults.ProducerRestartScenario(),
            new io.dafka.system.faults.DiskFullScenario(),
            new io.dafka.system.faults.CorruptSegmentScenario(2),
            new io.dafka.system.faults.CorruptSegmentScenario(1),
            new io.dafka.system.netns.NetworkCutScenario(),
            new io.dafka.system.netns.GroupFailoverScenario(),
            new io.dafka.system.hostile.CodecFuzzScenario(),
            new io.dafka.system.hostile.TcpGarbageScenario(),
            new io.dafka.system.hostile.BadFramesScenario(),
            new io.dafka.system.hostile.SnoopScenario(false),
            new io.dafka.system.hostile.SnoopScenario(true)
        );
    }
}
