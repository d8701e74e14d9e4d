package io.dafka.system.netns;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces joined by one veth pair, created for one run and deleted by {@link #close()}:
 * {@code <prefix>-a} holds {@link #HOST_A}/30 and {@code <prefix>-b} holds {@link #HOST_B}/30, private addresses
 * that exist only inside these namespaces. {@link #cut()} takes A's end of the link down, as a pulled cable: B's
 * end loses its carrier and drops what it sends, A loses its route to B; open TCP connections stay open and
 * retransmit. {@link #restore()} brings it up again. (The kernel here has no {@code netem} qdisc.)
 */
final class NetworkLab implements AutoCloseable
{
    static final String HOST_A = "10.77.0.1";
    static final String HOST_B = "10.77.0.2";
    private static final String PREFIX_LENGTH = "/30";
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private final String namespaceA;
    private final String namespaceB;
    private final String vethA;
    private final String vethB;
    private final List<String> created = new ArrayList<>();

    private NetworkLab(final String prefix)
    {
        this.namespaceA = prefix + "-a";
        this.namespaceB = prefix + "-b";
        // interface names are limited to 15 characters
        final String compact = prefix.replace("-", "");
        this.vethA = compact.substring(0, Math.min(compact.length(), 13)) + "va";
        this.vethB = compact.substring(0, Math.min(compact.length(), 13)) + "vb";
    }

    /**
     * Creates the namespaces and the link; names start with {@code dfk-<pid>} so parallel runs never clash.
     *
     * @throws IOException with the failing command and its output if this machine cannot (not root, no ip)
     */
    static NetworkLab create() throws IOException, InterruptedException
    {
        final NetworkLab lab = new NetworkLab("dfk-" + ProcessHandle.current().pid());
        try
        {
            lab.setUp();
            return lab;
        }
        catch (final IOException | InterruptedException | RuntimeException e)
        {
            lab.close();
            throw e;
        }
    }

    String namespaceA()
    {
        return namespaceA;
    }

    String namespaceB()
    {
        return namespaceB;
    }

    /** Stops every packet both ways between the two namespaces. */
    void cut() throws IOException, InterruptedException
    {
        run("ip", "-n", namespaceA, "link", "set", vethA, "down");
    }

    /** Lets packets through again. */
    void restore() throws IOException, InterruptedException
    {
        run("ip", "-n", namespaceA, "link", "set", vethA, "up");
    }

    /** Deletes both namespaces (which deletes the veth pair inside them); never throws. */
    @Override
    public void close()
    {
        for (final String namespace : created)
        {
            try
            {
                run("ip", "netns", "del", namespace);
            }
            catch (final IOException | InterruptedException | RuntimeException e)
            {
                System.err.println("could not delete network namespace " + namespace + ": " + e.getMessage());
            }
        }
        created.clear();
    }

    private void setUp() throws IOException, InterruptedException
    {
        addNamespace(namespaceA);
        addNamespace(namespaceB);
        run("ip", "-n", namespaceA, "link", "add", vethA, "type", "veth", "peer", "name", vethB, "netns", namespaceB);
        run("ip", "-n", namespaceA, "addr", "add", HOST_A + PREFIX_LENGTH, "dev", vethA);
        run("ip", "-n", namespaceB, "addr", "add", HOST_B + PREFIX_LENGTH, "dev", vethB);
        for (final String namespace : List.of(namespaceA, namespaceB))
        {
            run("ip", "-n", namespace, "link", "set", "lo", "up");
        }
        run("ip", "-n", namespaceA, "link", "set", vethA, "up");
        run("ip", "-n", namespaceB, "link", "set", vethB, "up");
    }

    private void addNamespace(final String namespace) throws IOException, InterruptedException
    {
        run("ip", "netns", "add", namespace);
        created.add(namespace);
    }

    private static void run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer in " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0)
        {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + output);
        }
    }
}
