package io.dafka.kafka;

import java.nio.file.Path;
import java.util.Map;

import io.dafka.journal.OffsetsJournal;

/**
 * Child JVM of {@link CommittedOffsetsCrashTest}: {@code threads} threads commit increasing offsets of their own
 * partition (continuing from what the store holds) into a tiny journal, printing {@code committed <partition>
 * <offset>} after each commit returned, until killed.
 */
public final class CommittingChild
{
    static final String GROUP = "crash";

    private CommittingChild()
    {
    }

    public static void main(final String[] args)
    {
        final CommittedOffsets store = CommittedOffsets.open(Path.of(args[0]), GROUP, OffsetsJournal.FORCE, 1024);
        final int threads = Integer.parseInt(args[1]);
        System.out.println("ready");
        for (int i = 0; i < threads; i++)
        {
            final String partition = "p" + i;
            final CommittedOffsets.Committed start = store.get("t", partition);
            new Thread(() ->
            {
                for (long offset = start == null ? 1 : start.offset() + 1; ; offset++)
                {
                    store.commit(Map.of(new CommittedOffsets.Key("t", partition),
                        new CommittedOffsets.Committed(offset, "")));
                    System.out.println("committed " + partition + " " + offset);
                }
            }, "committer-" + i).start();
        }
    }
}
