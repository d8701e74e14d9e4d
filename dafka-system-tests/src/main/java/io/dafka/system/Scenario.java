package io.dafka.system;

/** One failure or bad-input scenario: runs to completion by itself, bounded in time, and reports its figure. */
public interface Scenario
{
    /** A short name for the table, e.g. {@code store-kill-9}. */
    String name();

    /** Runs the scenario; throws if it could not run at all (a finding is reported in the figure, not thrown). */
    Figure run(Scale scale) throws Exception;
}
