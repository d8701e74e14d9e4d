package io.dafka.system;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one member of a consumer group reported, line by line, each line stamped with the member's wall clock in ms
 * (every process of a scenario runs on one machine, so the stamps of different members compare):
 * <pre>
 *   ASSIGNED t p,p,…     onPartitionsAssigned ("-" for none)
 *   REVOKED t p,p,…      onPartitionsRevoked
 *   LOST t p,p,…         onPartitionsLost
 *   PROCESSED t p a-b …  a poll returned these offsets of partition p (runs, in delivery order), now processed
 *   WRONG t p o v        the record at offset o of p holds v instead of its producer's sequence o
 *   COMMITTED t s p o …  commitSync of the batch, called at s, returned: p's committed offset is o (the next
 *                        to process); the stores applied it between s and t
 *   COMMIT-FAILED t why  commitSync threw (CommitFailedException, TimeoutException, …)
 *   POLL-FAILED t why    poll threw
 *   CLOSED t             the consumer closed (left the group)
 * </pre>
 * Other lines (logs) are ignored. Single-threaded.
 */
public final class MemberLog
{
    /** One processed run of offsets {@code first..last} of {@code partition}, polled at {@code at}. */
    public record Processed(long at, int partition, long first, long last)
    {
    }

    /** One successful commit, called at {@code started}: the committed offset of each partition of the batch. */
    public record Committed(long at, long started, Map<Integer, Long> offsets)
    {
    }

    /** A rebalance callback: {@code kind} is ASSIGNED, REVOKED or LOST. */
    public record Rebalance(long at, String kind, Set<Integer> partitions)
    {
    }

    /** A failed commit or poll: {@code kind} is COMMIT-FAILED or POLL-FAILED, {@code why} the exception. */
    public record Failure(long at, String kind, String why)
    {
    }

    /** Every event in the order the member printed it: one of the records above. */
    private final List<Record> events = new ArrayList<>();
    private final String name;
    private final Set<Integer> owned = new TreeSet<>();
    private long wrongContent;
    private long closedAt = -1;

    public MemberLog(final String name)
    {
        this.name = name;
    }

    public String name()
    {
        return name;
    }

    /** Takes one output line of the member. */
    public void line(final String line)
    {
        final String[] words = line.split(" ");
        if (words.length < 2 || !words[1].chars().allMatch(Character::isDigit) || words[1].isEmpty())
        {
            return;
        }
        final long at = Long.parseLong(words[1]);
        switch (words[0])
        {
            case "ASSIGNED", "REVOKED", "LOST" ->
            {
                final Set<Integer> partitions = words.length < 3 || words[2].equals("-") ? Set.of()
                    : parsePartitions(words[2]);
                events.add(new Rebalance(at, words[0], partitions));
                if (words[0].equals("ASSIGNED"))
                {
                    owned.addAll(partitions);
                }
                else
                {
                    owned.removeAll(partitions);
                }
            }
            case "PROCESSED" ->
            {
                final int partition = Integer.parseInt(words[2]);
                for (int i = 3; i < words.length; i++)
                {
                    final String[] bounds = words[i].split("-");
                    events.add(new Processed(at, partition, Long.parseLong(bounds[0]), Long.parseLong(bounds[1])));
                }
            }
            case "COMMITTED" ->
            {
                final Map<Integer, Long> offsets = new LinkedHashMap<>();
                for (int i = 3; i + 1 < words.length; i += 2)
                {
                    offsets.put(Integer.parseInt(words[i]), Long.parseLong(words[i + 1]));
                }
                events.add(new Committed(at, Long.parseLong(words[2]), offsets));
            }
            case "COMMIT-FAILED", "POLL-FAILED" ->
                events.add(new Failure(at, words[0], line.substring(words[0].length() + words[1].length() + 2)));
            case "WRONG" -> wrongContent++;
            case "CLOSED" -> closedAt = at;
            default ->
            {
                // a log line that happens to start with a word and a number
            }
        }
    }

    private static Set<Integer> parsePartitions(final String list)
    {
        final Set<Integer> partitions = new TreeSet<>();
        for (final String number : list.split(","))
        {
            partitions.add(Integer.parseInt(number));
        }
        return partitions;
    }

    /** Every event, in order (instances of the nested records). */
    public List<Record> events()
    {
        return Collections.unmodifiableList(events);
    }

    /** The partitions it holds after its last rebalance callback. */
    public Set<Integer> owned()
    {
        return Collections.unmodifiableSet(owned);
    }

    /** Its successful commits stamped after {@code at}. */
    public long commitsAfter(final long at)
    {
        return events.stream().filter(event -> event instanceof Committed committed && committed.at() > at).count();
    }

    /** Its records processed, polled after {@code at}. */
    public long processedAfter(final long at)
    {
        return events.stream().filter(event -> event instanceof Processed processed && processed.at() > at)
            .mapToLong(processed -> ((Processed)processed).last() - ((Processed)processed).first() + 1).sum();
    }

    /** The first rebalance callback of one of {@code kinds} stamped at or after {@code at}, or null. */
    public Rebalance firstRebalanceAfter(final long at, final String... kinds)
    {
        final List<String> wanted = List.of(kinds);
        for (final Record event : events)
        {
            if (event instanceof Rebalance rebalance && rebalance.at() >= at && wanted.contains(rebalance.kind()))
            {
                return rebalance;
            }
        }
        return null;
    }

    /** The records whose content was not their sequence. */
    public long wrongContent()
    {
        return wrongContent;
    }

    /** When it closed, or -1. */
    public long closedAt()
    {
        return closedAt;
    }
}
