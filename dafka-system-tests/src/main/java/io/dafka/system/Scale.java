package io.dafka.system;

/** How big a scenario runs: QUICK in {@code mvn verify}, LONG behind {@code ./dafka chaos --long}. */
public enum Scale
{
    QUICK,
    LONG;

    /** {@code quick} records at QUICK scale, {@code long} at LONG scale. */
    public int records(final int quick, final int longRun)
    {
        return this == QUICK ? quick : longRun;
    }
}
