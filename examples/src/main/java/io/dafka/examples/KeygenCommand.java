package io.dafka.examples;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.dafka.transport.CurveKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./dafka keygen FILE}: writes a new CURVE key pair file and prints its public key. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {"Write a new CURVE key pair (Z85 text, readable by its owner only) to FILE and print its "
        + "public key, for the allow-lists of the other nodes. See docs/security.md.",
        "Use it for each node's security.key_file and once for the mesh's security.server_key_file."})
final class KeygenCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "FILE", description = "the key pair file to create (must not exist)")
    Path file;

    @Override
    public Integer call() throws IOException
    {
        final CurveKeyPair pair = CurveKeyPair.generate();
        try
        {
            pair.write(file);
        }
        catch (final FileAlreadyExistsException e)
        {
            System.err.println("keygen: " + file + " exists; not overwriting a key pair");
            return 1;
        }
        System.out.println(pair.publicKey());
        return 0;
    }
}
