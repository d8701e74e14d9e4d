package io.dafka.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded mutation fuzzer over the decoder: it mutates the header frames of docs/protocol.md#messages (flipped,
 * extreme, deleted and inserted bytes, truncations, random tails, huge lengths, pure noise) and decodes each one. A
 * run counts the frames decoded and dropped (by {@link DropReason}) and every <em>violation</em>: an exception
 * escaping the decoder, a drop without a reason, a decoded message whose type is not the frame's id or that cannot
 * be encoded again. Used by the codec's unit test and by the system tests' fuzz scenario.
 */
public final class CodecFuzzer
{
    private final MessageDecoder decoder = new MessageDecoder();
    private final List<byte[]> seeds = seeds();

    /** What a run found; {@code firstViolation} describes the first one (frame in hex), or is null. */
    public record Result(long mutations, long decoded, long dropped, Map<DropReason, Long> dropReasons,
        long violations, String firstViolation)
    {
    }

    /** Decodes {@code mutations} frames mutated by a generator seeded with {@code seed}. */
    public Result run(final long seed, final long mutations)
    {
        final Random random = new Random(seed);
        final Map<DropReason, Long> reasons = new EnumMap<>(DropReason.class);
        long decoded = 0;
        long dropped = 0;
        long violations = 0;
        String firstViolation = null;
        for (long i = 0; i < mutations; i++)
        {
            final byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            final String violation = violation(frame);
            if (violation != null)
            {
                violations++;
                if (firstViolation == null)
                {
                    firstViolation = "mutation " + i + " [" + Hex.of(frame) + "]: " + violation;
                }
            }
            else if (decoder.lastDropReason() != null)
            {
                dropped++;
                reasons.merge(decoder.lastDropReason(), 1L, Long::sum);
            }
            else
            {
                decoded++;
            }
        }
        return new Result(mutations, decoded, dropped, reasons, violations, firstViolation);
    }

    /**
     * The golden frames of docs/protocol.md#messages plus a real-length FETCH and a CONSUMER-HELLO with an empty
     * subject.
     */
    static List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>(GoldenFrames.all().values());
        seeds.add(new Fetch().set("D6232FFF9D3C46ECBDA924D1A0CA7E62", "3313F3A8890D4FAD8CA6FBB4BBCEBA8E", "hello", 1,
            99_999).encode());
        seeds.add(new ConsumerHello().set("57E0", "C0FE", List.of("a", "bb", "", "ccc")).encode());
        return seeds;
    }

    private String violation(final byte[] frame)
    {
        final DafkaMessage message;
        try
        {
            message = decoder.decode(frame);
        }
        catch (final RuntimeException | Error escaped)
        {
            return "decoder threw " + escaped;
        }
        if (message == null)
        {
            return decoder.lastDropReason() == null ? "dropped without a reason" : null;
        }
        if (decoder.lastDropReason() != null)
        {
            return "decoded but a drop reason is set";
        }
        if (message.type().id() != frame[0])
        {
            return "decoded as " + message.type();
        }
        try
        {
            message.encode();
        }
        catch (final RuntimeException reencode)
        {
            return "decoded message cannot be encoded again: " + reencode;
        }
        return null;
    }

    static byte[] mutate(final byte[] seed, final Random random)
    {
        byte[] frame = seed.clone();
        final int steps = 1 + random.nextInt(3);
        for (int step = 0; step < steps; step++)
        {
            switch (random.nextInt(8))
            {
                case 0: // flip bits of one byte
                    if (frame.length > 0)
                    {
                        frame[random.nextInt(frame.length)] ^= (byte)(1 + random.nextInt(255));
                    }
                    break;
                case 1: // set one byte to an extreme or random value
                    if (frame.length > 0)
                    {
                        final int[] values = {0x00, 0x01, 0x7F, 0x80, 0xFF, random.nextInt(256)};
                        frame[random.nextInt(frame.length)] = (byte)values[random.nextInt(values.length)];
                    }
                    break;
                case 2: // truncate
                    frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                    break;
                case 3: // append random bytes
                {
                    final byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    final byte[] longer = Arrays.copyOf(frame, frame.length + extra.length);
                    System.arraycopy(extra, 0, longer, frame.length, extra.length);
                    frame = longer;
                    break;
                }
                case 4: // overwrite four bytes with a random or huge length
                    if (frame.length >= 4)
                    {
                        final int at = random.nextInt(frame.length - 3);
                        final int value = random.nextBoolean() ? random.nextInt() : 0xFFFF_FFFF;
                        for (int k = 0; k < 4; k++)
                        {
                            frame[at + k] = (byte)(value >>> (24 - 8 * k));
                        }
                    }
                    break;
                case 5: // delete one byte
                    if (frame.length > 0)
                    {
                        final int at = random.nextInt(frame.length);
                        final byte[] shorter = new byte[frame.length - 1];
                        System.arraycopy(frame, 0, shorter, 0, at);
                        System.arraycopy(frame, at + 1, shorter, at, frame.length - at - 1);
                        frame = shorter;
                    }
                    break;
                case 6: // insert one random byte
                {
                    final int at = random.nextInt(frame.length + 1);
                    final byte[] longer = new byte[frame.length + 1];
                    System.arraycopy(frame, 0, longer, 0, at);
                    longer[at] = (byte)random.nextInt(256);
                    System.arraycopy(frame, at, longer, at + 1, frame.length - at);
                    frame = longer;
                    break;
                }
                default: // a random frame of random length, keeping a known id half of the time
                {
                    final byte[] noise = new byte[random.nextInt(64)];
                    random.nextBytes(noise);
                    if (noise.length > 0 && random.nextBoolean())
                    {
                        noise[0] = seed[0];
                    }
                    frame = noise;
                    break;
                }
            }
        }
        return frame;
    }
}
