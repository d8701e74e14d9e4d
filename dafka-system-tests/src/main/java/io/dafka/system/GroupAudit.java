package io.dafka.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verdict on what the members of one consumer group processed of partitions whose producers sent offsets
 * {@code 0..sent-1}, while one member was killed and one cut off from the others. Every member commits what it
 * processed after each batch, so a record may be processed again only if no commit past it had been made when it
 * was: the only records processed twice are then those after a member's last successful commit, which a member
 * leaves behind when it fails (killed, cut off, or told by a {@code CommitFailedException} or a lost callback that
 * the group went on without it).
 * <ul>
 *   <li><b>lost</b>: offsets no member processed;</li>
 *   <li><b>duplicated</b> (beyond the rule): processings of an offset that was processed before and that some
 *   successful commit of its partition, stamped earlier, had passed;</li>
 *   <li><b>allowed duplicates</b>: the other repeated processings, each counted against the member that
 *   processed the offset first (it had not committed it), or against the cut-off member if it processed the
 *   offset again while cut off (it could see no commit made after the cut);</li>
 *   <li><b>reordered</b>: offsets a member processed at or below one it had processed before while it held the
 *   partition (no revoked or lost callback in between);</li>
 *   <li>problems: <b>overlaps</b> (a member processing a partition between two processings of it by another member
 *   that held it all along; allowed only while the cut-off member is cut off, where each side believes the other
 *   gone), <b>commit regressions</b> (a successful commit, called after another had returned, that set a
 *   partition below that one's offset),
 *   allowed duplicates left behind by a member that never failed, records with the wrong content, offsets beyond
 *   those sent.</li>
 * </ul>
 * Stamps are the members' wall clocks (one machine), taken after {@code poll} and after {@code commitSync} returned:
 * a member reads a commit only after its committer printed it, so the order of stamps is the order of events.
 */
public final class GroupAudit
{
    /** The member killed at {@code at} (wall clock ms). */
    public record Killed(String member, long at)
    {
    }

    /** The member cut off from the others from {@code cutAt} until {@code restoredAt} (wall clock ms). */
    public record CutOff(String member, long cutAt, long restoredAt)
    {
    }

    /**
     * What the audit found. {@code converge}: link restored → the last assignment of the merged group (-1: none
     * after the restore). {@code allowedBy}: allowed duplicates by the member that left them behind.
     */
    public record Verdict(long sent, long delivered, long lost, long duplicated, long allowedDuplicates,
        Map<String, Long> allowedBy, long reordered, long overlaps, long regressions, long converge, String detail,
        List<String> problems)
    {
        public Verdict
        {
            allowedBy = Map.copyOf(allowedBy);
            problems = List.copyOf(problems);
        }

        public Figure figure(final String scenario)
        {
            Figure figure = new Figure(scenario, sent, delivered, lost, duplicated, reordered,
                Duration.ofMillis(Math.max(0, converge)), detail, null);
            for (final String problem : problems)
            {
                figure = figure.withProblemIf(true, problem);
            }
            return figure;
        }

        /** The same verdict with more problems and a longer detail (e.g. what the scenario itself saw). */
        public Verdict with(final List<String> moreProblems, final String moreDetail)
        {
            final List<String> all = new ArrayList<>(problems);
            all.addAll(moreProblems);
            return new Verdict(sent, delivered, lost, duplicated, allowedDuplicates, allowedBy, reordered, overlaps,
                regressions, converge, detail + moreDetail, all);
        }
    }

    /** One processed run with the member that processed it. */
    private record Run(String member, MemberLog.Processed run)
    {
    }

    /** A member's processings of one partition between two releases: first and last stamp. */
    private record Hold(String member, int partition, long from, long until)
    {
    }

    /** A successful commit of one partition: called at {@code started}, returned at {@code at}. */
    private record Commit(long at, long started, long offset, String member)
    {
    }

    private final Map<Integer, Long> sent;
    private final List<MemberLog> members;
    private final Killed killed;
    private final CutOff cutOff;

    /**
     * @param sent    records sent per partition number
     * @param members every member's log
     * @param killed  the killed member
     * @param cutOff  the cut-off member
     */
    public GroupAudit(final Map<Integer, Long> sent, final List<MemberLog> members, final Killed killed,
        final CutOff cutOff)
    {
        this.sent = Map.copyOf(sent);
        this.members = List.copyOf(members);
        this.killed = killed;
        this.cutOff = cutOff;
    }

    /** Whether every sent offset was processed by some member (cheaper than a whole verdict). */
    public boolean complete()
    {
        final Map<Integer, java.util.BitSet> seen = new HashMap<>();
        for (final MemberLog member : members)
        {
            for (final Record event : member.events())
            {
                if (event instanceof MemberLog.Processed run && run.first() >= 0)
                {
                    seen.computeIfAbsent(run.partition(), any -> new java.util.BitSet())
                        .set((int)run.first(), (int)run.last() + 1);
                }
            }
        }
        return sent.entrySet().stream().allMatch(partition -> seen.getOrDefault(partition.getKey(),
            new java.util.BitSet()).nextClearBit(0) >= partition.getValue());
    }

    public Verdict verdict()
    {
        final List<String> problems = new ArrayList<>();
        final List<Run> runs = new ArrayList<>();
        final Map<Integer, List<Commit>> commits = new HashMap<>();
        final List<Hold> holds = new ArrayList<>();
        long reordered = 0;
        long wrongContent = 0;
        for (final MemberLog member : members)
        {
            wrongContent += member.wrongContent();
            reordered += walk(member, runs, commits, holds);
        }
        runs.sort(Comparator.comparingLong(run -> run.run().at())); // stable: a member's own order at equal stamps

        final Map<Integer, long[]> stamps = new HashMap<>();
        final Map<Integer, long[]> highest = new HashMap<>();
        long regressions = 0;
        String firstRegression = null;
        for (final Map.Entry<Integer, List<Commit>> partition : commits.entrySet())
        {
            final List<Commit> list = partition.getValue();
            list.sort(Comparator.comparingLong(Commit::at));
            final long[] at = new long[list.size()];
            final long[] max = new long[list.size()];
            for (int i = 0; i < list.size(); i++)
            {
                at[i] = list.get(i).at();
                max[i] = Math.max(i == 0 ? -1 : max[i - 1], list.get(i).offset());
                if (list.get(i).offset() < highestReturnedBefore(list, list.get(i).started()))
                {
                    regressions++;
                    firstRegression = firstRegression != null ? firstRegression : list.get(i).member() +
                        " committed " + partition.getKey() + " at offset " + list.get(i).offset() + " at " + at[i] +
                        " after " + highestReturnedBefore(list, list.get(i).started()) + " had been committed";
                }
            }
            stamps.put(partition.getKey(), at);
            highest.put(partition.getKey(), max);
        }

        final long outUntil = cutOffLearnedAt();
        final Map<Integer, int[]> processings = new HashMap<>();
        final Map<Integer, String[]> firstBy = new HashMap<>();
        sent.forEach((partition, count) ->
        {
            processings.put(partition, new int[Math.toIntExact(count)]);
            firstBy.put(partition, new String[Math.toIntExact(count)]);
        });
        long delivered = 0;
        long beyondSent = 0;
        long duplicated = 0;
        String firstDuplicate = null;
        final Map<String, Long> allowedBy = new TreeMap<>();
        for (final Run run : runs)
        {
            final MemberLog.Processed processed = run.run();
            final int[] counts = processings.get(processed.partition());
            // cut off, a member sees no commit made after the cut: what it processed then is its own, uncommitted
            final boolean cutOffThen = run.member().equals(cutOff.member()) && processed.at() >= cutOff.cutAt() &&
                processed.at() < outUntil;
            final long committedBefore = committedBefore(stamps.get(processed.partition()),
                highest.get(processed.partition()), cutOffThen ? cutOff.cutAt() : processed.at());
            for (long offset = processed.first(); offset <= processed.last(); offset++)
            {
                delivered++;
                if (counts == null || offset < 0 || offset >= counts.length)
                {
                    beyondSent++;
                    continue;
                }
                final int index = (int)offset;
                if (counts[index]++ == 0)
                {
                    firstBy.get(processed.partition())[index] = run.member();
                }
                else if (committedBefore > offset)
                {
                    duplicated++;
                    firstDuplicate = firstDuplicate != null ? firstDuplicate : run.member() + " processed " +
                        processed.partition() + " offset " + offset + " at " + processed.at() + " after " +
                        committedBefore + " had been committed";
                }
                else
                {
                    allowedBy.merge(cutOffThen ? run.member() : firstBy.get(processed.partition())[index], 1L,
                        Long::sum);
                }
            }
        }
        long lost = 0;
        for (final int[] counts : processings.values())
        {
            for (final int count : counts)
            {
                lost += count == 0 ? 1 : 0;
            }
        }
        final long allowed = allowedBy.values().stream().mapToLong(Long::longValue).sum();

        final Set<String> failed = failedMembers();
        for (final Map.Entry<String, Long> by : allowedBy.entrySet())
        {
            if (!failed.contains(by.getKey()))
            {
                problems.add(by.getValue() + " duplicates after the last commit of " + by.getKey() +
                    ", which never failed");
            }
        }
        if (duplicated > 0)
        {
            problems.add(duplicated + " records processed again after a commit had passed them, first: " +
                firstDuplicate);
        }
        if (regressions > 0)
        {
            problems.add(regressions + " commits set a partition below an offset committed before, first: " +
                firstRegression);
        }
        final long[] overlaps = overlaps(runs, holds, outUntil);
        if (overlaps[0] > 0)
        {
            problems.add(overlaps[0] + " processings of a partition another member held at the time");
        }
        if (wrongContent > 0)
        {
            problems.add(wrongContent + " records with the wrong content");
        }
        if (beyondSent > 0)
        {
            problems.add(beyondSent + " processed offsets beyond those sent");
        }

        final long takeover = takeover(holds);
        final long merged = lastAssignmentAfter(cutOff.restoredAt());
        final String detail = String.format("killed %s: its partitions processed by others %s ms after the kill; " +
                "cut off %s for %d ms; after the link came back: %s; failed commits: %s; duplicates after a failed " +
                "member's last commit %d %s; overlaps while cut off %d",
            killed.member(), takeover < 0 ? "never" : Long.toString(takeover), cutOff.member(),
            cutOff.restoredAt() - cutOff.cutAt(), afterRestore(), failedCommits(), allowed, allowedBy, overlaps[1]);
        final long total = sent.values().stream().mapToLong(Long::longValue).sum();
        return new Verdict(total, delivered, lost, duplicated, allowed, allowedBy, reordered, overlaps[0],
            regressions, merged < 0 ? -1 : merged - cutOff.restoredAt(), detail, problems);
    }

    /**
     * Collects one member's processed runs, successful commits and holds; returns the offsets it processed
     * out of order within a hold.
     */
    private long walk(final MemberLog member, final List<Run> runs, final Map<Integer, List<Commit>> commits,
        final List<Hold> holds)
    {
        long reordered = 0;
        final Map<Integer, long[]> open = new HashMap<>(); // partition -> {first stamp, last stamp, highest offset}
        for (final Record event : member.events())
        {
            if (event instanceof MemberLog.Processed run)
            {
                runs.add(new Run(member.name(), run));
                final long[] hold = open.computeIfAbsent(run.partition(), any -> new long[] {run.at(), run.at(), -1});
                if (run.first() <= hold[2])
                {
                    reordered += Math.min(run.last(), hold[2]) - run.first() + 1;
                }
                hold[1] = run.at();
                hold[2] = Math.max(hold[2], run.last());
            }
            else if (event instanceof MemberLog.Committed committed)
            {
                committed.offsets().forEach((partition, offset) -> commits.computeIfAbsent(partition,
                    any -> new ArrayList<>()).add(new Commit(committed.at(), committed.started(), offset,
                        member.name())));
            }
            else if (event instanceof MemberLog.Rebalance rebalance && !rebalance.kind().equals("ASSIGNED"))
            {
                for (final int partition : rebalance.partitions())
                {
                    final long[] hold = open.remove(partition);
                    if (hold != null)
                    {
                        holds.add(new Hold(member.name(), partition, hold[0], hold[1]));
                    }
                }
            }
        }
        open.forEach((partition, hold) -> holds.add(new Hold(member.name(), partition, hold[0], hold[1])));
        return reordered;
    }

    /** The highest offset of the commits in {@code list} that had returned before {@code at}, or -1. */
    private static long highestReturnedBefore(final List<Commit> list, final long at)
    {
        return list.stream().filter(commit -> commit.at() < at).mapToLong(Commit::offset).max().orElse(-1);
    }

    /** The highest offset committed of a partition in commits stamped before {@code at}, or -1. */
    private static long committedBefore(final long[] stamps, final long[] highest, final long at)
    {
        if (stamps == null)
        {
            return -1;
        }
        int low = 0;
        int high = stamps.length; // first index stamped at or after `at`
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            if (stamps[middle] < at)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low == 0 ? -1 : highest[low - 1];
    }

    /**
     * {overlaps, tolerated}: processings of a partition stamped inside another member's hold of it (between its
     * first and last processing, no release in between); tolerated are those of the split while the cut-off member
     * was cut off, where each side believed the other gone.
     */
    private long[] overlaps(final List<Run> runs, final List<Hold> holds, final long outUntil)
    {
        long overlaps = 0;
        long tolerated = 0;
        for (final Run run : runs)
        {
            final MemberLog.Processed processed = run.run();
            for (final Hold hold : holds)
            {
                if (hold.partition() == processed.partition() && !hold.member().equals(run.member()) &&
                    hold.from() < processed.at() && processed.at() < hold.until())
                {
                    final boolean split = (run.member().equals(cutOff.member()) ||
                        hold.member().equals(cutOff.member())) && processed.at() < outUntil;
                    if (split)
                    {
                        tolerated++;
                    }
                    else
                    {
                        overlaps++;
                    }
                }
            }
        }
        return new long[] {overlaps, tolerated};
    }

    /**
     * When the cut-off member learned, after the link came back, that the group had gone on without it: its first
     * release of partitions or refused commit since ({@link CutOff#restoredAt()} if none). Until then it processes
     * what it still holds, as a Kafka member that comes back does until its coordinator tells it it is out; those
     * records count as processed while cut off.
     */
    private long cutOffLearnedAt()
    {
        for (final MemberLog member : members)
        {
            if (!member.name().equals(cutOff.member()))
            {
                continue;
            }
            for (final Record event : member.events())
            {
                final long at = event instanceof MemberLog.Rebalance rebalance && !rebalance.kind().equals("ASSIGNED")
                    ? rebalance.at()
                    : event instanceof MemberLog.Failure failure && failure.kind().equals("COMMIT-FAILED")
                    ? failure.at() : -1;
                if (at >= cutOff.restoredAt())
                {
                    return at;
                }
            }
        }
        return cutOff.restoredAt();
    }

    /** The killed and cut-off members, and every member that was told it had lost its partitions. */
    private Set<String> failedMembers()
    {
        final Set<String> failed = new HashSet<>(Set.of(killed.member(), cutOff.member()));
        for (final MemberLog member : members)
        {
            for (final Record event : member.events())
            {
                if (event instanceof MemberLog.Rebalance rebalance && rebalance.kind().equals("LOST") ||
                    event instanceof MemberLog.Failure failure && failure.kind().equals("COMMIT-FAILED"))
                {
                    failed.add(member.name());
                }
            }
        }
        return failed;
    }

    /** ms from the kill until every partition the killed member held was processed by another member; -1: never. */
    private long takeover(final List<Hold> holds)
    {
        long latest = killed.at();
        for (final Hold hold : holds)
        {
            if (hold.member().equals(killed.member()) && hold.until() <= killed.at())
            {
                final long next = holds.stream().filter(other -> other.partition() == hold.partition() &&
                    !other.member().equals(killed.member()) && other.until() >= killed.at())
                    .mapToLong(other -> Math.max(other.from(), killed.at())).min().orElse(-1);
                if (next < 0)
                {
                    return -1;
                }
                latest = Math.max(latest, next);
            }
        }
        return latest - killed.at();
    }

    /** The stamp of the last assignment callback after {@code at} of a member that did not close then, or -1. */
    private long lastAssignmentAfter(final long at)
    {
        long last = -1;
        for (final MemberLog member : members)
        {
            for (final Record event : member.events())
            {
                if (event instanceof MemberLog.Rebalance rebalance && rebalance.kind().equals("ASSIGNED") &&
                    rebalance.at() > at && !rebalance.partitions().isEmpty())
                {
                    last = Math.max(last, rebalance.at());
                }
            }
        }
        return last;
    }

    /** "a-survivor LOST at +450 ms, b-cut-off REVOKED at +12 ms": each member's first release after the restore. */
    private String afterRestore()
    {
        final List<String> releases = new ArrayList<>();
        for (final MemberLog member : members)
        {
            final MemberLog.Rebalance release = member.firstRebalanceAfter(cutOff.restoredAt(), "LOST", "REVOKED");
            if (release != null && (member.closedAt() < 0 || release.at() < member.closedAt() - 1_000))
            {
                releases.add(member.name() + " " + release.kind() + " at +" +
                    (release.at() - cutOff.restoredAt()) + " ms");
            }
        }
        return releases.isEmpty() ? "no member released a partition" : String.join(", ", releases);
    }

    /** "b-cut-off {CommitFailedException=1}": each member's failed commits by exception. */
    private String failedCommits()
    {
        final Map<String, Map<String, Integer>> byMember = new TreeMap<>();
        for (final MemberLog member : members)
        {
            for (final Record event : member.events())
            {
                if (event instanceof MemberLog.Failure failure && failure.kind().equals("COMMIT-FAILED"))
                {
                    byMember.computeIfAbsent(member.name(), any -> new TreeMap<>())
                        .merge(failure.why().split(" ")[0], 1, Integer::sum);
                }
            }
        }
        return byMember.isEmpty() ? "none" : byMember.toString();
    }
}
