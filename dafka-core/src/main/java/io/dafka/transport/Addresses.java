package io.dafka.transport;

import java.util.Locale;
import java.util.UUID;

/** Node identities: 32 upper-case hex characters with no dashes, as CZMQ's {@code zuuid_str}. */
public final class Addresses
{
    private Addresses()
    {
    }

    /** A fresh random address. */
    public static String newAddress()
    {
        return UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
    }
}
