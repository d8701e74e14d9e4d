package io.dafka.group;

import java.util.Objects;

/**
 * Identifies one generation of a group: its number and the identity of the leader that computed it. Two leaders
 * that both believed they led may publish the same number; the pair keeps them apart. Order: a higher number is
 * better; with equal numbers the smaller leader identity is better. {@link #NONE} (number 0) means "no
 * generation": a member that holds nothing.
 */
public record GenerationId(long number, String leader) implements Comparable<GenerationId>
{
    /** No generation: what a member that holds nothing reports. */
    public static final GenerationId NONE = new GenerationId(0, "");

    public GenerationId
    {
        Objects.requireNonNull(leader, "leader");
        if (number < 0)
        {
            throw new IllegalArgumentException("generation number must not be negative: " + number);
        }
    }

    /** Whether this is a real generation rather than {@link #NONE}. */
    public boolean isSome()
    {
        return number != 0;
    }

    /** Whether this generation wins over {@code other}. */
    public boolean isBetterThan(final GenerationId other)
    {
        return compareTo(other) > 0;
    }

    /** Orders worse before better: by number, then by leader identity in reverse. */
    @Override
    public int compareTo(final GenerationId other)
    {
        final int byNumber = Long.compare(number, other.number);
        return byNumber != 0 ? byNumber : other.leader.compareTo(leader);
    }

    @Override
    public String toString()
    {
        return isSome() ? number + "@" + leader : "none";
    }
}
