package io.dafka.system.hostile;

import java.time.Duration;

import io.dafka.codec.CodecFuzzer;
import io.dafka.system.Figure;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;

/**
 * A million (LONG: twenty million) seeded mutations of the golden frames of docs/protocol.md#messages through the
 * decoder. Sent = frames, delivered = frames the decoder handled (decoded, or dropped with a reason), lost = frames
 * it mishandled (an exception escaped, a drop without a reason, a message of the wrong type or one that cannot be
 * re-encoded).
 */
public final class CodecFuzzScenario implements Scenario
{
    /** Not the unit test's seed: the scenario explores other frames. */
    private static final long SEED = 0x5EED_DAF_CAL;

    @Override
    public String name()
    {
        return "codec-fuzz";
    }

    @Override
    public Figure run(final Scale scale)
    {
        final long started = System.nanoTime();
        final CodecFuzzer.Result result = new CodecFuzzer().run(SEED, scale.records(1_000_000, 20_000_000));
        final Duration took = Duration.ofNanos(System.nanoTime() - started);
        return new Figure(name(), result.mutations(), result.mutations() - result.violations(), result.violations(),
            0, 0, Duration.ZERO, String.format("decoded=%d dropped=%d %s took=%dms%s", result.decoded(),
                result.dropped(), result.dropReasons(), took.toMillis(),
                result.firstViolation() == null ? "" : " first violation: " + result.firstViolation()), null);
    }
}
