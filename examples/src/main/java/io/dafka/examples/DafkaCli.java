package io.dafka.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./dafka} command line. */
@Command(name = "dafka", mixinStandardHelpOptions = true, version = "dafka 0.1.0-SNAPSHOT",
    description = "Brokerless streaming on ZeroMQ, wire-compatible with zeromq/dafka.",
    subcommands = {DemoCommand.class, TowerCommand.class, ProduceCommand.class, ConsumeCommand.class})
public final class DafkaCli
{
    private DafkaCli()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new DafkaCli()).execute(args));
    }
}
