package io.dafka.realkafka;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one process) in a child JVM, run from the Maven Central
 * jars that the {@code real-kafka-broker} module resolved; no Docker, no Kafka download.
 * <p>
 * {@link #start()} picks two free loopback ports, writes {@code server.properties} into a new temporary directory,
 * formats the storage with {@code kafka.tools.StorageTool}, starts {@code kafka.Kafka} with {@code -Xmx512m} and
 * returns once {@code Admin.describeCluster} answers (at most 60 s; if the broker dies first, the exception carries
 * its output). {@link #close()} sends SIGTERM (a controlled shutdown, about 2 s), kills the JVM if it is still
 * there after 30 s, and deletes the directory. A shutdown hook does the same if the caller never closes, and the
 * child exits by itself when this JVM is killed (see {@link BrokerLauncher}).
 * <pre>
 *   data directory (system temp)     realkafka-NNN/
 *     server.properties, log4j2.properties, classpath.args, format.log
 *     broker.log                      the broker's stdout and stderr (log4j, INFO)
 *     data/                           log.dirs
 * </pre>
 */
public final class ProcessKafka implements RealKafka
{
    private static final Logger LOG = LoggerFactory.getLogger(ProcessKafka.class);

    private static final String HOST = "127.0.0.1";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration HOOK_STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);
    private static final long PORT_POLL_MS = 50;
    private static final int CONNECT_TIMEOUT_MS = 200;
    /** A port found free can be taken by someone else before the broker binds it: then start over once. */
    private static final int START_ATTEMPTS = 2;
    private static final int OUTPUT_TAIL_CHARS = 16_000;

    private static final List<String> BROKER_JVM_OPTIONS = List.of(
        "-Xmx512m", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
        "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");
    private static final List<String> TOOL_JVM_OPTIONS = List.of(
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true");

    /** The broker logs to its stdout, which goes to broker.log; without a configuration log4j2 shows errors only. */
    private static final Map<String, String> LOG4J2_PROPERTIES = orderedMap(
        "status", "warn",
        "appender.out.type", "Console",
        "appender.out.name", "OUT",
        "appender.out.layout.type", "PatternLayout",
        "appender.out.layout.pattern", "[%d] %p %m (%c)%n",
        "rootLogger.level", "info",
        "rootLogger.appenderRef.out.ref", "OUT");

    private final Process process;
    private final Path directory;
    private final String bootstrapServers;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProcessKafka(final Process process, final Path directory, final String bootstrapServers)
    {
        this.process = process;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.shutdownHook = new Thread(() -> stop(HOOK_STOP_TIMEOUT), "realkafka-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a broker with the default single-node settings; see {@link #start(Map)}. */
    public static ProcessKafka start()
    {
        return start(Map.of());
    }

    /**
     * Starts a broker and returns once it describes its cluster.
     *
     * @param brokerProperties broker settings that replace or add to the single-node defaults (replication factor
     *                         1 for internal topics, one partition per new topic, no initial rebalance delay)
     * @throws IllegalStateException if it did not come up within 60 s, or exited first (with its output)
     */
    public static ProcessKafka start(final Map<String, String> brokerProperties)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return startOnce(brokerProperties);
            }
            catch (final PortTaken e)
            {
                if (attempt == START_ATTEMPTS)
                {
                    throw e;
                }
                LOG.warn("Kafka broker found one of its ports taken meanwhile, starting again on others");
            }
        }
    }

    /** The broker JVM's process id. */
    public long pid()
    {
        return process.pid();
    }

    @Override
    public String bootstrapServers()
    {
        return bootstrapServers;
    }

    @Override
    public Kind kind()
    {
        return Kind.PROCESS;
    }

    /** Stops the broker (SIGTERM, then a kill after 30 s) and deletes its directory. */
    @Override
    public void close()
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // the hook is running or about to: it stops the broker itself
        }
        stop(STOP_TIMEOUT);
    }

    @Override
    public String toString()
    {
        return "ProcessKafka[pid " + process.pid() + ", " + bootstrapServers + ", " + directory + "]";
    }

    private static ProcessKafka startOnce(final Map<String, String> brokerProperties)
    {
        final long started = System.nanoTime();
        final List<Path> classPath = new ArrayList<>(KafkaRuntime.classPath());
        classPath.add(KafkaRuntime.ownCodeLocation());
        final Path directory = createDirectory();
        final ProcessKafka kafka;
        final long formatMillis;
        try
        {
            final int[] ports = freeLoopbackPorts(2);
            final Path serverProperties = write(directory.resolve("server.properties"),
                serverProperties(ports[0], ports[1], directory.resolve("data"), brokerProperties));
            final Path log4j = write(directory.resolve("log4j2.properties"), LOG4J2_PROPERTIES);
            final Path classPathArgs =
                Files.writeString(directory.resolve("classpath.args"), classPathArgs(classPath));
            formatMillis = format(directory, classPathArgs, log4j, serverProperties);

            final List<String> command = new ArrayList<>();
            command.add(java());
            command.addAll(BROKER_JVM_OPTIONS);
            command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "@" + classPathArgs,
                BrokerLauncher.class.getName(), Long.toString(ProcessHandle.current().pid()), directory.toString(),
                "kafka.Kafka", serverProperties.toString()));
            final Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("broker.log").toFile())
                .start();
            kafka = new ProcessKafka(process, directory, HOST + ":" + ports[0]);
        }
        catch (final IOException e)
        {
            deleteTree(directory);
            throw new UncheckedIOException(e);
        }
        catch (final RuntimeException e)
        {
            deleteTree(directory);
            throw e;
        }
        try
        {
            kafka.awaitReady(Readiness.deadline(READY_TIMEOUT));
        }
        catch (final RuntimeException e)
        {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka {} broker ready at {} in {} ms (format {} ms), pid {}, data in {}", KafkaRuntime.version(),
            kafka.bootstrapServers, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), formatMillis,
            kafka.pid(), directory);
        return kafka;
    }

    /** Formats the storage directory with a fresh cluster id; returns how long that took. */
    private static long format(final Path directory, final Path classPathArgs, final Path log4j,
        final Path serverProperties) throws IOException
    {
        final long started = System.nanoTime();
        final Path output = directory.resolve("format.log");
        final List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(TOOL_JVM_OPTIONS);
        command.addAll(List.of("-Dlog4j2.configurationFile=" + log4j, "@" + classPathArgs,
            "kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
            "-c", serverProperties.toString()));
        final Process format = new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
        try
        {
            if (!format.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
            {
                format.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                throw new IllegalStateException("kafka.tools.StorageTool format took more than " + FORMAT_TIMEOUT +
                    "; its output:\n" + tail(output));
            }
        }
        catch (final InterruptedException e)
        {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        if (format.exitValue() != 0)
        {
            throw new IllegalStateException("kafka.tools.StorageTool format exited with " + format.exitValue() +
                "; its output:\n" + tail(output));
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Waits for the client port to accept connections (quietly), then for a cluster description. */
    private void awaitReady(final long deadline)
    {
        final int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
        while (!accepts(port))
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new IllegalStateException("Kafka broker " + this + " opened no port within " + READY_TIMEOUT +
                    output());
            }
            checkAlive(PORT_POLL_MS);
        }
        Readiness.awaitCluster(bootstrapServers, deadline, () -> checkAlive(0), this::output);
    }

    /** Waits up to {@code millis} for the broker to exit; throws with its output if it did. */
    private void checkAlive(final long millis)
    {
        try
        {
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS))
            {
                return;
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting Kafka", e);
        }
        final String message = "Kafka broker exited with " + process.exitValue() + " before it was ready" + output();
        throw message.contains("Address already in use") ? new PortTaken(message) : new IllegalStateException(message);
    }

    private String output()
    {
        return "; its output:\n" + tail(directory.resolve("broker.log"));
    }

    private void stop(final Duration timeout)
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        try
        {
            process.destroy();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                LOG.warn("Kafka broker pid {} still running {} after SIGTERM, killing it", process.pid(), timeout);
                process.destroyForcibly().waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException e)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(directory);
    }

    private static boolean accepts(final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(HOST, port), CONNECT_TIMEOUT_MS);
            return true;
        }
        catch (final IOException notYet)
        {
            return false;
        }
    }

    private static Map<String, String> serverProperties(final int port, final int controllerPort, final Path data,
        final Map<String, String> overrides)
    {
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@" + HOST + ":" + controllerPort);
        properties.put("listeners",
            "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        properties.put("log.dirs", data.toString());
        // One node: internal topics with the default replication factor of 3 never get a leader, and every
        // consumer group then hangs without a coordinator.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "1");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("num.partitions", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "true");
        properties.putAll(overrides);
        return properties;
    }

    private static Map<String, String> orderedMap(final String... keysAndValues)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2)
        {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static Path write(final Path file, final Map<String, String> properties) throws IOException
    {
        final String text = properties.entrySet().stream()
            .map(entry -> entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\"))
            .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(file, text);
    }

    /** A java {@code @argfile}: one long class path is past some per-argument limits, and unreadable in ps. */
    private static String classPathArgs(final List<Path> classPath)
    {
        final String joined = classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return "-cp\n\"" + joined.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    }

    private static int[] freeLoopbackPorts(final int count) throws IOException
    {
        final ServerSocket[] sockets = new ServerSocket[count];
        try
        {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        }
        finally
        {
            for (final ServerSocket socket : sockets)
            {
                if (socket != null)
                {
                    socket.close();
                }
            }
        }
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Path createDirectory()
    {
        try
        {
            return Files.createTempDirectory("realkafka-");
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(final Path file)
    {
        try
        {
            final String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return text.length() <= OUTPUT_TAIL_CHARS
                ? text
                : "..." + text.substring(text.length() - OUTPUT_TAIL_CHARS);
        }
        catch (final IOException e)
        {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Deletes the broker's directory; a failure is logged, not thrown, since the broker is gone anyway. */
    private static void deleteTree(final Path directory)
    {
        try
        {
            BrokerLauncher.deleteTree(directory);
        }
        catch (final IOException e)
        {
            LOG.warn("cannot delete Kafka broker directory {}: {}", directory, e.toString());
        }
    }

    /** The broker exited because a port it was given had been taken meanwhile. */
    private static final class PortTaken extends IllegalStateException
    {
        PortTaken(final String message)
        {
            super(message);
        }
    }
}
