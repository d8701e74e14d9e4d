package io.dafka.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./dafka} command line. */
@Command(name = "dafka", mixinStandardHelpOptions = true, version = "dafka 0.1.0-SNAPSHOT",
    description = "Brokerless streaming on ZeroMQ, wire-compatible with zeromq/dafka.",
    subcommands = {DemoCommand.class, TowerCommand.class, StoreCommand.class, ProduceCommand.class,
        ConsumeCommand.class, GroupsCommand.class, KeygenCommand.class})
public final class DafkaCli
{
    private DafkaCli()
    {
    }

    public static void main(final String[] args)
    {
        // Before any Chronicle class loads (java -jar cannot carry -D in the manifest): no analytics, no banner.
        defaultProperty("chronicle.analytics.disable", "true");
        defaultProperty("chronicle.announcer.disable", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand. */
    static CommandLine commandLine()
    {
        return new CommandLine(new DafkaCli());
    }

    private static void defaultProperty(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }
}
