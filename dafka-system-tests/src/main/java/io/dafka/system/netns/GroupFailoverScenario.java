package io.dafka.system.netns;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import io.dafka.system.Figure;
import io.dafka.system.GroupAudit;
import io.dafka.system.MemberLog;
import io.dafka.system.Scale;
import io.dafka.system.Scenario;
import io.dafka.testing.ChildJvm;

/**
 * {@code group-failover}: a consumer group of three member JVMs ({@link GroupFailoverMember}: Kafka API, offsets in
 * the stores, {@code commitSync} after each batch, {@code session.timeout.ms} 6 000) shares the four partitions of
 * four producers that stream on ({@link GroupFailoverHub}: tower, two stores, the producers). Two members and the
 * hub run in network namespace A, the third in namespace B. Once every member processes and commits, one member in
 * A is killed with SIGKILL; once the other two hold every partition and commit, the link to B goes down until the
 * member left in A holds every partition (longer than the session timeout: the cut-off member and the rest of the
 * group each believe the other gone), then up again; the cut-off member must give up its partitions and rejoin.
 * Then the producers stop, the members drain and close, and {@link GroupAudit} judges what they processed: no
 * record lost, duplicates only of records a failed member processed at or after its last commit, no member
 * processing a partition another held (outside the cut-off member's window), none reordered. Skipped, with the
 * reason, where network namespaces cannot be made.
 */
public final class GroupFailoverScenario implements Scenario
{
    static final String TOPIC = "group-failover";
    private static final String GROUP = "failover";
    private static final int SESSION_MS = 6_000;
    private static final int PRODUCERS = 4;
    private static final int STORES = 2;
    private static final String KILLED = "a-killed";
    private static final String SURVIVOR = "a-survivor";
    private static final String CUT = "b-cut-off";
    /** JVM start-up and a group settling on a busy 2-core machine. */
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofSeconds(90);
    /** After every record was processed: long enough for a late duplicate to show. */
    private static final Duration QUIET = Duration.ofSeconds(2);

    @Override
    public String name()
    {
        return "group-failover";
    }

    @Override
    public Figure run(final Scale scale) throws Exception
    {
        final Outcome outcome = measure(scale);
        return outcome.skipped() != null ? Figure.skipped(name(), outcome.skipped())
            : outcome.verdict().figure(name());
    }

    /** The audit's verdict, or why the scenario could not run here. */
    record Outcome(GroupAudit.Verdict verdict, String skipped)
    {
    }

    Outcome measure(final Scale scale) throws Exception
    {
        final NetworkLab lab;
        try
        {
            lab = NetworkLab.create();
        }
        catch (final IOException cannot)
        {
            return new Outcome(null, "no network namespaces here: " + cannot.getMessage());
        }
        try (lab; Run run = new Run(lab, scale))
        {
            try
            {
                return new Outcome(run.play(), null);
            }
            catch (final RuntimeException | AssertionError e) // a step that did not happen in time
            {
                throw new IllegalStateException(e.getMessage() + "; transcript: " + run.writeTranscript(), e);
            }
        }
    }

    /** One run: the children, their logs and the transcript of everything they printed. */
    private static final class Run implements AutoCloseable
    {
        private final NetworkLab lab;
        private final int rate;
        private final int commitsPerPhase;
        private final List<ChildJvm> children = new ArrayList<>();
        private final Map<String, ChildJvm> members = new LinkedHashMap<>();
        private final Map<String, MemberLog> logs = new LinkedHashMap<>();
        private final List<String> transcript = new ArrayList<>();
        private final Map<Integer, Long> sent = new TreeMap<>();
        private final List<String> sendFailures = new ArrayList<>();
        private ChildJvm hub;

        Run(final NetworkLab lab, final Scale scale)
        {
            this.lab = lab;
            this.rate = scale.records(100, 500);
            this.commitsPerPhase = scale.records(10, 300);
        }

        GroupAudit.Verdict play() throws Exception
        {
            hub = started(ChildJvm.startInNamespace(lab.namespaceA(), GroupFailoverHub.class, NetworkLab.HOST_A,
                Integer.toString(PRODUCERS), Integer.toString(STORES), Integer.toString(rate), TOPIC));
            final String[] tower = hub.awaitLine("tower ", START).split(" ");
            hub.awaitLine("ready", START);
            startMember(KILLED, lab.namespaceA(), NetworkLab.HOST_A, tower);
            startMember(SURVIVOR, lab.namespaceA(), NetworkLab.HOST_A, tower);
            startMember(CUT, lab.namespaceB(), NetworkLab.HOST_B, tower);
            until("every member holds a share of the partitions", START, () -> logs.values().stream()
                .allMatch(log -> !log.owned().isEmpty()) && ownedBy(logs.keySet()) == PRODUCERS);
            hub.send("go");
            final long goAt = System.currentTimeMillis();
            until("every member commits", STEP, () -> logs.values().stream()
                .allMatch(log -> log.commitsAfter(goAt) >= commitsPerPhase));

            members.get(KILLED).kill();
            final long killedAt = System.currentTimeMillis();
            until("the two others hold every partition and commit", STEP, () ->
                ownedBy(Set.of(SURVIVOR, CUT)) == PRODUCERS && committedSinceLastAssignment(SURVIVOR) &&
                committedSinceLastAssignment(CUT));

            final long cutAt = System.currentTimeMillis();
            lab.cut();
            until("the member left in A holds every partition", STEP, () ->
                logs.get(SURVIVOR).owned().size() == PRODUCERS && committedSinceLastAssignment(SURVIVOR));
            final long restoredAt = System.currentTimeMillis();
            lab.restore();
            until("the group merges again: both members hold a share and commit", STEP, () ->
                logs.get(SURVIVOR).firstRebalanceAfter(restoredAt, "ASSIGNED") != null &&
                logs.get(CUT).firstRebalanceAfter(restoredAt, "ASSIGNED") != null &&
                !logs.get(SURVIVOR).owned().isEmpty() && !logs.get(CUT).owned().isEmpty() &&
                ownedBy(Set.of(SURVIVOR, CUT)) == PRODUCERS && committedSinceLastAssignment(SURVIVOR) &&
                committedSinceLastAssignment(CUT));

            hub.send("finish");
            until("the producers report what they sent", STEP, () -> sent.size() == PRODUCERS);
            final List<MemberLog> all = new ArrayList<>(logs.values());
            final GroupAudit.Killed killed = new GroupAudit.Killed(KILLED, killedAt);
            final GroupAudit.CutOff cutOff = new GroupAudit.CutOff(CUT, cutAt, restoredAt);
            until("every record is processed", STEP, () -> new GroupAudit(sent, all, killed, cutOff).complete(),
                Duration.ofMillis(200));
            final long quietUntil = System.nanoTime() + QUIET.toNanos();
            until("a quiet period passes", QUIET.plusSeconds(5), () -> System.nanoTime() >= quietUntil);
            for (final String name : List.of(SURVIVOR, CUT))
            {
                members.get(name).send("stop");
            }
            until("the members close", STEP, () -> logs.get(SURVIVOR).closedAt() >= 0 &&
                logs.get(CUT).closedAt() >= 0);
            hub.send("stop");

            final GroupAudit.Verdict verdict = new GroupAudit(sent, all, killed, cutOff).verdict()
                .with(sendFailures, "");
            return verdict.problems().isEmpty() && verdict.lost() + verdict.duplicated() + verdict.reordered() == 0
                ? verdict : verdict.with(List.of(), "; transcript: " + writeTranscript());
        }

        private void startMember(final String name, final String namespace, final String host,
            final String[] tower) throws IOException
        {
            logs.put(name, new MemberLog(name));
            members.put(name, started(ChildJvm.startInNamespace(namespace, GroupFailoverMember.class, host,
                tower[1], tower[2], TOPIC, GROUP, Integer.toString(SESSION_MS))));
        }

        private ChildJvm started(final ChildJvm child)
        {
            children.add(child);
            return child;
        }

        /** How many distinct partitions {@code names} hold together, if no two hold the same one; else -1. */
        private int ownedBy(final Set<String> names)
        {
            final Set<Integer> union = new HashSet<>();
            int total = 0;
            for (final String name : names)
            {
                union.addAll(logs.get(name).owned());
                total += logs.get(name).owned().size();
            }
            return union.size() == total ? union.size() : -1;
        }

        /** Whether {@code name} holds partitions and committed {@link #commitsPerPhase} times since it got them. */
        private boolean committedSinceLastAssignment(final String name)
        {
            final MemberLog log = logs.get(name);
            final MemberLog.Rebalance last = lastRebalance(log);
            return !log.owned().isEmpty() && last != null && log.commitsAfter(last.at()) >= commitsPerPhase;
        }

        private static MemberLog.Rebalance lastRebalance(final MemberLog log)
        {
            MemberLog.Rebalance last = null;
            for (final Record event : log.events())
            {
                if (event instanceof MemberLog.Rebalance rebalance)
                {
                    last = rebalance;
                }
            }
            return last;
        }

        private void until(final String what, final Duration timeout, final BooleanSupplier condition)
        {
            until(what, timeout, condition, Duration.ofMillis(20));
        }

        /** Follows every child's output until {@code condition} holds; fails naming {@code what} after timeout. */
        private void until(final String what, final Duration timeout, final BooleanSupplier condition,
            final Duration interval)
        {
            await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(interval).until(() ->
            {
                follow();
                return condition.getAsBoolean();
            });
        }

        /** Takes every line the children printed so far. */
        private void follow() throws InterruptedException
        {
            for (String line = hub.nextLine(Duration.ZERO); line != null; line = hub.nextLine(Duration.ZERO))
            {
                transcript.add("hub " + line);
                if (line.startsWith("SENT "))
                {
                    final String[] words = line.split(" ", 5);
                    sent.put(Integer.parseInt(words[1]), Long.parseLong(words[2]));
                    if (!words[3].equals("0"))
                    {
                        sendFailures.add("partition " + words[1] + ": " + words[3] + " sends failed, " + words[4]);
                    }
                }
            }
            for (final Map.Entry<String, ChildJvm> member : members.entrySet())
            {
                final MemberLog log = logs.get(member.getKey());
                final ChildJvm child = member.getValue();
                for (String line = child.nextLine(Duration.ZERO); line != null; line = child.nextLine(Duration.ZERO))
                {
                    transcript.add(member.getKey() + " " + line);
                    log.line(line);
                }
            }
        }

        private Path writeTranscript() throws IOException
        {
            final Path file = Files.createTempFile("dafka-group-failover-", ".log");
            Files.write(file, transcript, StandardCharsets.UTF_8);
            return file;
        }

        @Override
        public void close()
        {
            children.forEach(ChildJvm::close);
        }
    }
}
