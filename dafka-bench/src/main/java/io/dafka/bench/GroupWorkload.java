package io.dafka.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Workload 7: consumer groups. Each trial feeds a topic of {@value #PARTITIONS} partitions ({@link PartitionFeeder};
 * on Dafka, {@value #PARTITIONS} producers) and runs two members of a new group, each polling in a thread of its own
 * ({@link PollingMember}):
 * <ol>
 *   <li><b>first member</b>: from member A's {@code subscribe} to its first record (a new, empty group);</li>
 *   <li><b>join</b>: once A holds every partition and receives from each, from member B's {@code subscribe} to
 *       B's first record (of a partition the group gave it);</li>
 *   <li><b>leave</b>: once A and B hold {@value #HALF} partitions each and receive from them, from B's {@code close}
 *       to the end of the first poll of A that holds all {@value #PARTITIONS} and returned a record of one of B's;</li>
 *   <li><b>commitSync</b>: the feeder stopped, A (the group's only member, owning every partition) commits its
 *       {@value #PARTITIONS} partitions' offsets {@link Scale#commits()} times back to back, each call's latency in
 *       an HdrHistogram; the trial counts the commits as done when {@code committed()} then reads the last ones.</li>
 * </ol>
 * Join and leave each start after a pause of a random fraction of the row's heartbeat interval ({@link #pause}).
 * Rows: Kafka at its client defaults, Kafka with Dafka's group timings, and Dafka with those timings and its
 * committed offsets in the stores ({@code dafka.consumer.offsets.storage=stores}).
 */
final class GroupWorkload implements Workload
{
    static final int PARTITIONS = 4;
    static final int HALF = PARTITIONS / 2;
    /** The group timings of Kafka tuned and Dafka: Dafka's defaults, set on both explicitly. */
    static final int SESSION_TIMEOUT_MS = 45_000;
    static final int HEARTBEAT_INTERVAL_MS = 500;
    static final String KAFKA_DEFAULTS = "client defaults (session.timeout.ms=45000, heartbeat.interval.ms=3000, "
        + "the classic group protocol)";
    static final String SAME_TIMINGS = String.format(Locale.ROOT, "session.timeout.ms=%d, heartbeat.interval.ms=%d, "
        + "as Dafka", SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS);
    static final String DAFKA_SETTINGS = String.format(Locale.ROOT, "session.timeout.ms=%d, "
        + "heartbeat.interval.ms=%d (its defaults), dafka.consumer.offsets.storage=stores (committed offsets in the "
        + "store, fsynced before it acknowledges)", SESSION_TIMEOUT_MS, HEARTBEAT_INTERVAL_MS);

    private static final String FIRST = "first";
    private static final String JOIN = "join";
    private static final String LEAVE = "leave";
    private static final String P50 = "p50";
    private static final String P99 = "p99";
    /** The steps a trial counts as received: first member, join, leave, commits. */
    private static final int STEPS = 4;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    /** The pauses before join and leave: the same fractions of the heartbeat interval in every row's round i. */
    private static final long PHASE_SEED = 12;
    private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(60);

    @Override
    public String name()
    {
        return "groups";
    }

    /** The rows: Kafka at its defaults, Kafka with Dafka's group timings, Dafka. */
    static List<GroupEntrant> entrants(final Contenders contenders)
    {
        final Map<String, Object> timings = Map.of("session.timeout.ms", SESSION_TIMEOUT_MS,
            "heartbeat.interval.ms", HEARTBEAT_INTERVAL_MS);
        final Map<String, Object> dafka = new HashMap<>(timings);
        dafka.put("dafka.consumer.offsets.storage", "stores");
        return List.of(
            new GroupEntrant(contenders.kafka().name(), contenders.kafka(), Map.of()),
            new GroupEntrant(contenders.kafkaTuned().name(), contenders.kafka(), timings),
            new GroupEntrant(contenders.dafka().name(), contenders.dafka(), dafka));
    }

    /** The workload's bullet in the notes of the results. */
    static String notes(final Scale scale)
    {
        return String.format(Locale.ROOT, """
            - groups: a new group on a topic of %d partitions (Dafka: %d producers) with a record flowing into each \
            every %d ms; members poll in threads of their own, from the latest record, committing nothing until the \
            commit step. first member = member A's subscribe to its first record (a new, empty group); join = \
            member B's subscribe to its first record, A already receiving from all %d; leave = B's close to the end \
            of the first poll in which A holds all %d and gets a record of one of B's. Join and leave each start \
            after a pause of a random fraction of the row's heartbeat interval (the same fractions for every row in \
            a round), so that they fall anywhere in the members' heartbeat cycle. commitSync = A alone, the \
            feed stopped, commits its %d partitions' offsets %,d times back to back (latency of each call). Rows: \
            Kafka default: %s; Kafka tuned: %s; Dafka: %s. Kafka's broker runs with \
            group.initial.rebalance.delay.ms=0 (its default is 3000); Kafka applies that delay only to a group \
            with no member, so it would lengthen the first member's row, not join or leave. Durability when \
            commitSync returns: Kafka has appended it to __consumer_offsets (page cache, not fsynced); Dafka's \
            store has written it to its offsets journal and fsynced it.
            """, PARTITIONS, PARTITIONS, PartitionFeeder.INTERVAL_MS, PARTITIONS, PARTITIONS, PARTITIONS,
            scale.commits(), KAFKA_DEFAULTS, SAME_TIMINGS, DAFKA_SETTINGS);
    }

    @Override
    public void run(final Contenders contenders, final Scale scale, final Results results)
    {
        final List<GroupEntrant> entrants = entrants(contenders);
        final Map<String, Random> phases = new HashMap<>();
        entrants.forEach(entrant -> phases.put(entrant.name(), new Random(PHASE_SEED)));
        final Map<String, List<Outcome>> measured = Trials.alternate("groups", entrants, scale.warmUps(),
            scale.trials(), (entrant, topic) -> trial(entrant, topic, scale.commits(), phases.get(entrant.name()),
                results), results);
        final List<Outcome> dafka = measured.get(contenders.dafka().name());
        final String commits = String.format("groups: commitSync of %d partitions x %,d", PARTITIONS,
            scale.commits());
        for (final GroupEntrant kafka : entrants.subList(0, 2))
        {
            final List<Outcome> baseline = measured.get(kafka.name());
            results.compare("groups: first member", "subscribe to first record", "ms", false, kafka.name(), baseline,
                dafka, FIRST);
            results.compare("groups: join", "subscribe to first record", "ms", false, kafka.name(), baseline, dafka,
                JOIN);
            results.compare("groups: leave", "close to survivor's first record of a leaver's partition", "ms",
                false, kafka.name(), baseline, dafka, LEAVE);
            results.compare(commits, "p50", "ms", false, kafka.name(), baseline, dafka, P50);
            results.compare(commits, "p99", "ms", false, kafka.name(), baseline, dafka, P99);
        }
    }

    /**
     * One round of one row on a new topic and a new group: the four steps above. Join and leave each start after a
     * pause of a fraction of the row's heartbeat interval drawn from {@code phases}.
     */
    static Outcome trial(final GroupEntrant entrant, final String topic, final int commits, final Random phases,
                         final Results results)
    {
        final double joinPause = phases.nextDouble() * entrant.heartbeatIntervalMs();
        final double leavePause = phases.nextDouble() * entrant.heartbeatIntervalMs();
        final Object signal = new Object();
        final Map<String, Double> figures = new LinkedHashMap<>();
        int done = 0;
        long errors = 0;
        PartitionFeeder feeder = null;
        PollingMember a = null;
        PollingMember b = null;
        try
        {
            feeder = PartitionFeeder.start(entrant.target(), topic, PARTITIONS);
            a = new PollingMember(entrant, topic, topic + "-group", "a", signal);
            final PollingMember first = a;
            first.subscribe(STEP_TIMEOUT);
            PollingMember.await(signal, List.of(first), () -> first.view().flowing(PARTITIONS), deadline(),
                "the first member to receive from every partition");
            figures.put(FIRST, millis(first.firstRecordAt() - first.subscribedAt()));
            done++;

            b = new PollingMember(entrant, topic, topic + "-group", "b", signal);
            final PollingMember second = b;
            pause(joinPause);
            second.subscribe(STEP_TIMEOUT);
            PollingMember.await(signal, List.of(first, second), () -> second.firstRecordAt() >= 0, deadline(),
                "the joining member's first record");
            figures.put(JOIN, millis(second.firstRecordAt() - second.subscribedAt()));
            done++;

            PollingMember.await(signal, List.of(first, second), () -> split(first.view(), second.view()), deadline(),
                "both members to receive from " + HALF + " partitions each");
            first.watch(second.view().assignment(), PARTITIONS);
            pause(leavePause);
            second.leave(STEP_TIMEOUT);
            PollingMember.await(signal, List.of(first), () -> first.caughtAt() >= 0, deadline(),
                "the survivor's first record of a partition the leaver had");
            figures.put(LEAVE, millis(first.caughtAt() - second.closeStartedAt()));
            done++;

            feeder.close();
            final Histogram micros = commit(first, commits);
            figures.put(P50, micros.getValueAtPercentile(50) / 1e3);
            figures.put(P99, micros.getValueAtPercentile(99) / 1e3);
            done++;
        }
        catch (final RuntimeException e)
        {
            errors++;
            final double timeout = STEP_TIMEOUT.toMillis();
            List.of(FIRST, JOIN, LEAVE, P50, P99).forEach(figure -> figures.putIfAbsent(figure, timeout));
            results.progress("groups trial on " + entrant.name() + " failed: " + e + "; " + feeder);
        }
        finally
        {
            closeQuietly(b);
            closeQuietly(a);
            if (feeder != null)
            {
                feeder.close();
                errors += feeder.errors();
                if (feeder.errors() > 0)
                {
                    results.progress("groups trial on " + entrant.name() + ": " + feeder);
                }
            }
        }
        return new Outcome(figures, STEPS, done, 0, errors);
    }

    /** True when the two members hold {@value #HALF} partitions each, every one, and received from each. */
    private static boolean split(final PollingMember.View first, final PollingMember.View second)
    {
        final Set<TopicPartition> union = new HashSet<>(first.assignment());
        union.addAll(second.assignment());
        return first.flowing(HALF) && second.flowing(HALF) && union.size() == PARTITIONS;
    }

    /**
     * {@code commits} calls of {@code commitSync} of every partition the member holds, offsets 1, 2, ...; their
     * latencies.
     *
     * @throws IllegalStateException if {@code committed()} then does not read the last offset of each
     */
    private static Histogram commit(final PollingMember member, final int commits)
    {
        final Set<TopicPartition> partitions = member.view().assignment();
        return member.call(consumer ->
        {
            final Histogram micros = new Histogram(HIGHEST_MICROS, 3);
            for (long offset = 1; offset <= commits; offset++)
            {
                final Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (final TopicPartition partition : partitions)
                {
                    offsets.put(partition, new OffsetAndMetadata(offset));
                }
                final long start = System.nanoTime();
                consumer.commitSync(offsets);
                micros.recordValue(Math.min(HIGHEST_MICROS, (System.nanoTime() - start) / 1_000));
            }
            final Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions);
            for (final TopicPartition partition : partitions)
            {
                final OffsetAndMetadata last = committed.get(partition);
                if (last == null || last.offset() != commits)
                {
                    throw new IllegalStateException("committed() of " + partition + " read " + last + " after "
                        + commits + " commits");
                }
            }
            return micros;
        }, STEP_TIMEOUT.plusMillis(commits * 100L));
    }

    /**
     * Lets {@code millis} pass: a join or leave then falls at a random point of the members' heartbeat cycle, as
     * one in production does, and not always just after the rebalance that the previous step ended with (the worst
     * point for Kafka, whose members hear of a rebalance at their next heartbeat, an interval after the last).
     */
    private static void pause(final double millis)
    {
        final long until = System.nanoTime() + (long)(millis * 1e6);
        for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime())
        {
            LockSupport.parkNanos(left);
        }
    }

    private static long deadline()
    {
        return System.nanoTime() + STEP_TIMEOUT.toNanos();
    }

    private static double millis(final long nanos)
    {
        return nanos / 1e6;
    }

    private static void closeQuietly(final PollingMember member)
    {
        if (member != null)
        {
            member.close();
        }
    }
}
