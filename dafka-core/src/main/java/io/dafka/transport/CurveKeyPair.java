package io.dafka.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import org.zeromq.ZMQ;

import com.neilalexander.jnacl.crypto.curve25519;

/**
 * A CURVE key pair in Z85 text (40 characters per key), read from and written to a key file:
 * <pre>
 *   # comment lines
 *   public-key = &lt;Z85&gt;
 *   secret-key = &lt;Z85&gt;
 * </pre>
 * Reading checks that both keys decode to 32 bytes and that the public key belongs to the secret key.
 */
public final class CurveKeyPair
{
    private static final String PUBLIC = "public-key";
    private static final String SECRET = "secret-key";

    private final String publicKey;
    private final String secretKey;

    private CurveKeyPair(final String publicKey, final String secretKey)
    {
        this.publicKey = publicKey;
        this.secretKey = secretKey;
    }

    /** A fresh random key pair. */
    public static CurveKeyPair generate()
    {
        final ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
        return new CurveKeyPair(pair.publicKey, pair.secretKey);
    }

    /**
     * Reads a key file.
     *
     * @throws IllegalArgumentException saying what is wrong with the file (unreadable, a key missing or malformed,
     *     keys that do not belong together)
     */
    public static CurveKeyPair read(final Path file)
    {
        final List<String> lines = readLines(file);
        String publicKey = null;
        String secretKey = null;
        for (final String raw : lines)
        {
            final String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final int equals = line.indexOf('=');
            final String name = equals < 0 ? line : line.substring(0, equals).trim();
            final String value = equals < 0 ? "" : line.substring(equals + 1).trim();
            if (name.equals(PUBLIC))
            {
                publicKey = checkedKey(value, file, PUBLIC);
            }
            else if (name.equals(SECRET))
            {
                secretKey = checkedKey(value, file, SECRET);
            }
            else
            {
                throw new IllegalArgumentException(file + ": unexpected line '" + line + "' (expected " + PUBLIC +
                    " = ... and " + SECRET + " = ...)");
            }
        }
        if (publicKey == null || secretKey == null)
        {
            throw new IllegalArgumentException(file + ": needs both " + PUBLIC + " and " + SECRET);
        }
        final byte[] derived = new byte[ZMQ.Curve.KEY_SIZE];
        curve25519.crypto_scalarmult_base(derived, ZMQ.Curve.z85Decode(secretKey));
        if (!Arrays.equals(derived, ZMQ.Curve.z85Decode(publicKey)))
        {
            throw new IllegalArgumentException(file + ": the " + PUBLIC + " does not belong to the " + SECRET);
        }
        return new CurveKeyPair(publicKey, secretKey);
    }

    /**
     * Checks one Z85 public key (as written in an allow-list).
     *
     * @return the key, trimmed
     * @throws IllegalArgumentException if it is not 40 Z85 characters
     */
    public static String checkedKey(final String key, final Path file, final String what)
    {
        final String trimmed = key.trim();
        if (trimmed.length() != ZMQ.Curve.KEY_SIZE_Z85 || !trimmed.chars().allMatch(CurveKeyPair::isZ85))
        {
            throw new IllegalArgumentException(file + ": " + what + " '" + trimmed + "' is not a Z85 key of " +
                ZMQ.Curve.KEY_SIZE_Z85 + " characters");
        }
        return trimmed;
    }

    /**
     * Writes this pair to a new {@code file}, created readable by its owner only where the file system allows it.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists
     */
    public void write(final Path file) throws IOException
    {
        final String text = "# Dafka CURVE key pair: keep this file secret; share only the public key\n" +
            PUBLIC + " = " + publicKey + "\n" + SECRET + " = " + secretKey + "\n";
        try
        {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        catch (final UnsupportedOperationException e)
        {
            Files.createFile(file); // not a POSIX file system: the file gets its default permissions
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** The public key, Z85. */
    public String publicKey()
    {
        return publicKey;
    }

    /** The secret key, Z85. */
    public String secretKey()
    {
        return secretKey;
    }

    @Override
    public String toString()
    {
        return "CurveKeyPair[" + publicKey + "]";
    }

    static List<String> readLines(final Path file)
    {
        try
        {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException | RuntimeException e)
        {
            throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
        }
    }

    private static boolean isZ85(final int c)
    {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || ".-:+=^!/*?&<>()[]{}@%$#"
            .indexOf(c) >= 0;
    }
}
