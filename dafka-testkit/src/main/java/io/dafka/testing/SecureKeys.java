package io.dafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.dafka.transport.CurveKeyPair;

/**
 * Key files of a secured test mesh in one directory: the mesh's server key pair, a key pair per node name
 * (made on first use) and an allow-list that admits the names passed to {@link #allow} and not since to
 * {@link #revoke}.
 */
public final class SecureKeys
{
    private final Path directory;
    private final Path serverKeyFile;
    private final Path allowList;

    /** Creates the server key pair and an empty allow-list in {@code directory}. */
    public SecureKeys(final Path directory)
    {
        this.directory = directory;
        this.serverKeyFile = directory.resolve("server.key");
        this.allowList = directory.resolve("allow-list");
        try
        {
            CurveKeyPair.generate().write(serverKeyFile);
            Files.writeString(allowList, "# test mesh\n", StandardCharsets.US_ASCII);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the public key of node {@code name} to the allow-list; returns this. */
    public SecureKeys allow(final String name)
    {
        try
        {
            Files.writeString(allowList, publicKey(name) + " " + name + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Removes the public key of node {@code name} from the allow-list; returns this. */
    public SecureKeys revoke(final String name)
    {
        try
        {
            final String key = publicKey(name);
            final String kept = Files.readAllLines(allowList, StandardCharsets.US_ASCII).stream()
                .filter(line -> !line.startsWith(key)).map(line -> line + "\n").reduce("", String::concat);
            Files.writeString(allowList, kept, StandardCharsets.US_ASCII);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The public key of node {@code name}. */
    public String publicKey(final String name)
    {
        return CurveKeyPair.read(keyFile(name)).publicKey();
    }

    /**
     * The security settings of node {@code name} as key/value pairs for {@link Loopback#nodeConfig}, followed by
     * {@code overrides}.
     */
    public Object[] settings(final String name, final Object... overrides)
    {
        final Object[] security = {
            "security.enabled", true,
            "security.key_file", keyFile(name).toString(),
            "security.server_key_file", serverKeyFile.toString(),
            "security.allow_list", allowList.toString(),
            "security.allow_list.reload_interval", 100};
        final Object[] all = new Object[security.length + overrides.length];
        System.arraycopy(security, 0, all, 0, security.length);
        System.arraycopy(overrides, 0, all, security.length, overrides.length);
        return all;
    }

    /** The mesh's server key pair file, shared by every node. */
    public Path serverKeyFile()
    {
        return serverKeyFile;
    }

    /** The allow-list file. */
    public Path allowList()
    {
        return allowList;
    }

    /** The key pair file of node {@code name}, made on first use. */
    public Path keyFile(final String name)
    {
        final Path file = directory.resolve(name + ".key");
        if (!Files.exists(file))
        {
            try
            {
                CurveKeyPair.generate().write(file);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
        return file;
    }
}
