package io.dafka.system;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dafka chaos}: runs every failure and bad-input scenario and prints the table of figures. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
    description = "Runs every failure and bad-input scenario against real processes and sockets and prints a table.")
public final class ChaosCli implements Callable<Integer>
{
    @Option(names = "--long", description = "Long variants (e.g. 1 M records) instead of the quick ones.")
    private boolean longRun;

    @Option(names = "--only", description = "Runs only the scenarios whose name contains this text.")
    private String only = "";

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ChaosCli()).execute(args));
    }

    @Override
    public Integer call()
    {
        final Scale scale = longRun ? Scale.LONG : Scale.QUICK;
        final List<Figure> figures = new ArrayList<>();
        boolean failed = false;
        for (final Scenario scenario : Scenarios.all())
        {
            if (!scenario.name().contains(only))
            {
                continue;
            }
            System.out.println("running " + scenario.name() + " (" + scale + ")...");
            try
            {
                final Figure figure = scenario.run(scale);
                System.out.println(figure.line());
                figures.add(figure);
                failed |= !figure.isSkipped() && !figure.clean();
            }
            catch (final Exception | AssertionError e) // a scenario's own check that could not be met
            {
                System.out.println(scenario.name() + " FAILED TO RUN: " + e);
                failed = true;
            }
        }
        System.out.println();
        System.out.println("| scenario | sent | delivered | lost | duplicated | reordered | converge ms | detail |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (final Figure f : figures)
        {
            System.out.println(f.isSkipped()
                ? "| " + f.scenario() + " | skipped: " + f.skipped() + " | | | | | | |"
                : String.format("| %s | %d | %d | %d | %d | %d | %d | %s |", f.scenario(), f.sent(), f.delivered(),
                    f.lost(), f.duplicated(), f.reordered(), f.converge().toMillis(),
                    (f.problems().isEmpty() ? "" : "PROBLEMS: " + f.problems() + "; ") + f.detail()));
        }
        return failed ? 1 : 0;
    }
}
