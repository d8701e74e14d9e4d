package io.dafka.group;

import java.util.Map;

/**
 * What one member knows and holds of its group's assignments: the best assignment heard, the greatest generation
 * heard of anywhere (a heartbeat may name one whose assignment this member never received), the generation
 * delivered to the application, the one the application confirmed it holds, and the last one settled.
 */
final class AssignmentState
{
    /** One generation's assignment: each member identity's opaque bytes, in identity order. */
    record Assignment(GenerationId generation, String protocol, Map<String, byte[]> members)
    {
    }

    private Assignment best;
    private GenerationId greatest = GenerationId.NONE;
    private long known;
    private GenerationId delivered = GenerationId.NONE;
    private GenerationId held = GenerationId.NONE;
    private GenerationId settled = GenerationId.NONE;

    /** Notes that {@code generation} exists. */
    void observe(final GenerationId generation)
    {
        if (generation.isBetterThan(greatest))
        {
            greatest = generation;
        }
        observeNumber(generation.number());
    }

    /** Notes that a member heard of a generation numbered {@code number} (its leader unknown here). */
    void observeNumber(final long number)
    {
        known = Math.max(known, number);
    }

    /** The highest generation number heard of, here or by any member: a new generation is numbered above it. */
    long known()
    {
        return known;
    }

    /** Whether some generation better than the best assignment held here is known to exist. */
    boolean bestIsOutdated()
    {
        return best == null || greatest.isBetterThan(best.generation()) || known > best.generation().number();
    }

    /** Keeps {@code assignment} if it is better than the best so far; returns whether it did. */
    boolean offer(final Assignment assignment)
    {
        observe(assignment.generation());
        if (best != null && !assignment.generation().isBetterThan(best.generation()))
        {
            return false;
        }
        best = assignment;
        return true;
    }

    /**
     * The event that brings the application to the best assignment: {@link GroupEvent.Assigned} if it names
     * {@code self} and was not delivered yet, {@link GroupEvent.Lost} if it does not name {@code self} while the
     * application may still hold something, otherwise {@code null}.
     */
    GroupEvent deliver(final String self)
    {
        if (best == null)
        {
            return null;
        }
        final byte[] mine = best.members().get(self);
        if (mine != null)
        {
            if (delivered.equals(best.generation()))
            {
                return null;
            }
            delivered = best.generation();
            return new GroupEvent.Assigned(delivered, best.protocol(), mine, best.members().keySet());
        }
        if (delivered.isSome())
        {
            delivered = GenerationId.NONE;
            return new GroupEvent.Lost("not a member of generation " + best.generation());
        }
        return null;
    }

    /** The application confirms it holds only {@code generation}; ignored unless that is what was delivered. */
    boolean applied(final GenerationId generation)
    {
        if (!generation.equals(delivered) || generation.equals(held))
        {
            return false;
        }
        held = generation;
        return true;
    }

    /**
     * {@link GroupEvent.Settled} once the application holds the best assignment, no better generation is known,
     * and {@code othersReady} (every other live member of it holds it, every other one nothing); else {@code null}.
     */
    GroupEvent settle(final boolean othersReady)
    {
        if (held.isSome() && held.equals(greatest) && known <= held.number() && best.generation().equals(held) &&
            !settled.equals(held) && othersReady)
        {
            settled = held;
            return new GroupEvent.Settled(held);
        }
        return null;
    }

    /** Forgets what the application holds (it left or lost everything); keeps what was heard. */
    void release()
    {
        delivered = GenerationId.NONE;
        held = GenerationId.NONE;
        settled = GenerationId.NONE;
    }

    /** Forgets everything: a member that joins again learns the group anew. */
    void reset()
    {
        release();
        best = null;
        greatest = GenerationId.NONE;
        known = 0;
    }

    Assignment best()
    {
        return best;
    }

    GenerationId greatest()
    {
        return greatest;
    }

    GenerationId held()
    {
        return held;
    }
}
