package io.dafka.group;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a {@link GroupMember} tells its application. Byte arrays are shared, not copied: do not modify them. */
public sealed interface GroupEvent
{
    /**
     * This member leads: run the assignor of {@code protocol} over the members' metadata (by member identity, in
     * identity order) and answer with {@link GroupMember#assignmentComputed} for {@code generation}.
     */
    record ComputeAssignment(GenerationId generation, String protocol, Map<String, byte[]> metadata)
        implements GroupEvent
    {
    }

    /**
     * The generation's assignment for this member. The application revokes what it holds and the assignment no
     * longer gives it (eager protocols: everything), then confirms with {@link GroupMember#applied}. It keeps what
     * it retains, and starts what is new only on {@link Settled}.
     */
    record Assigned(GenerationId generation, String protocol, byte[] assignment, Set<String> members)
        implements GroupEvent
    {
    }

    /**
     * Every other live member of {@code generation} holds it and every other live member holds nothing: nobody
     * holds anything of another generation, so the application may start what this generation newly gave it.
     */
    record Settled(GenerationId generation) implements GroupEvent
    {
    }

    /**
     * The member lost its membership: it is not in the newest generation, or it left because the application did
     * not poll within the max poll interval. The application drops everything without committing; it confirms with
     * {@link GroupMember#applied} of {@link GenerationId#NONE} (or, after a poll timeout, joins again).
     */
    record Lost(String reason) implements GroupEvent
    {
    }

    /** This member leads, but no protocol is supported by every member: nothing is assigned until that changes. */
    record NoCommonProtocol(Map<String, List<String>> protocolsByMember) implements GroupEvent
    {
    }
}
