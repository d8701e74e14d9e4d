package io.dafka.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * One configuration key: its name, default, parser and one-line documentation.
 *
 * @param name         flat dotted name, e.g. {@code consumer.offset.reset} (C's {@code consumer/offset/reset})
 * @param defaultValue value used when the key is absent, as text
 * @param parser       turns the text into a value or throws {@link IllegalArgumentException} with the problem
 * @param doc          one line for {@code --help} and docs/configuration.md
 * @param <T>          the value type
 */
public record ConfigKey<T>(String name, String defaultValue, Function<String, T> parser, String doc)
{
    /** A duration or count that must be positive. */
    public static ConfigKey<Long> positive(final String name, final long defaultValue, final String doc)
    {
        return new ConfigKey<>(name, Long.toString(defaultValue), text -> positive(parseLong(text)), doc);
    }

    /** A count that may be zero (ZeroMQ high-water marks: 0 = unlimited). */
    public static ConfigKey<Long> nonNegative(final String name, final long defaultValue, final String doc)
    {
        return new ConfigKey<>(name, Long.toString(defaultValue), text -> nonNegative(parseLong(text)), doc);
    }

    /** A size or count that must lie in {@code [min, max]}. */
    public static ConfigKey<Long> range(final String name, final long defaultValue, final long min, final long max,
        final String doc)
    {
        return new ConfigKey<>(name, Long.toString(defaultValue), text ->
        {
            final long value = parseLong(text);
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(value + " is not in [" + min + ", " + max + "]");
            }
            return value;
        }, doc);
    }

    /** Zero (meaning "derive it") or a count in {@code [min, max]}. */
    public static ConfigKey<Long> zeroOrRange(final String name, final long defaultValue, final long min,
        final long max, final String doc)
    {
        return new ConfigKey<>(name, Long.toString(defaultValue), text ->
        {
            final long value = parseLong(text);
            if (value != 0 && (value < min || value > max))
            {
                throw new IllegalArgumentException(value + " is neither 0 nor in [" + min + ", " + max + "]");
            }
            return value;
        }, doc);
    }

    /** A comma-separated list of non-empty words (blanks around commas are dropped). */
    public static ConfigKey<List<String>> list(final String name, final String defaultValue, final String doc)
    {
        return new ConfigKey<>(name, defaultValue, text ->
        {
            final List<String> items = new ArrayList<>();
            for (final String item : text.split(","))
            {
                if (!item.isBlank())
                {
                    items.add(item.strip());
                }
            }
            return List.copyOf(items);
        }, doc);
    }

    /** Text that must not be empty or blank. */
    public static ConfigKey<String> nonEmpty(final String name, final String defaultValue, final String doc)
    {
        return new ConfigKey<>(name, defaultValue, text ->
        {
            if (text.isBlank())
            {
                throw new IllegalArgumentException("must not be empty");
            }
            return text.strip();
        }, doc);
    }

    /** A non-empty path; a leading {@code ~} stands for the user's home directory. */
    public static ConfigKey<String> path(final String name, final String defaultValue, final String doc)
    {
        final ConfigKey<String> nonEmpty = nonEmpty(name, defaultValue, doc);
        return new ConfigKey<>(name, defaultValue, text ->
        {
            final String path = nonEmpty.parser().apply(text);
            return path.equals("~") || path.startsWith("~/") ?
                System.getProperty("user.home", ".") + path.substring(1) : path;
        }, doc);
    }

    public static ConfigKey<String> text(final String name, final String defaultValue, final String doc)
    {
        return new ConfigKey<>(name, defaultValue, text -> text, doc);
    }

    /** "true"/"false", also accepting C's "1"/"0". */
    public static ConfigKey<Boolean> bool(final String name, final boolean defaultValue, final String doc)
    {
        return new ConfigKey<>(name, Boolean.toString(defaultValue), ConfigKey::parseBoolean, doc);
    }

    /** One of a fixed set of lower-case words. */
    public static ConfigKey<String> oneOf(final String name, final String defaultValue, final Set<String> allowed,
        final String doc)
    {
        return new ConfigKey<>(name, defaultValue, text ->
        {
            final String value = text.trim().toLowerCase(Locale.ROOT);
            if (!allowed.contains(value))
            {
                throw new IllegalArgumentException("'" + text + "' is not one of " + allowed);
            }
            return value;
        }, doc);
    }

    /** Parses {@code text}, turning a parse failure into a {@link DafkaConfigException} naming this key. */
    public T parse(final String text)
    {
        try
        {
            return parser.apply(text);
        }
        catch (final IllegalArgumentException problem)
        {
            throw new DafkaConfigException(name, problem.getMessage());
        }
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException notANumber)
        {
            throw new IllegalArgumentException("'" + text + "' is not an integer");
        }
    }

    private static long positive(final long value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException(value + " must be > 0");
        }
        return value;
    }

    private static long nonNegative(final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(value + " must be >= 0");
        }
        return value;
    }

    private static boolean parseBoolean(final String text)
    {
        switch (text.trim().toLowerCase(Locale.ROOT))
        {
            case "true", "1" ->
            {
                return true;
            }
            case "false", "0" ->
            {
                return false;
            }
            default -> throw new IllegalArgumentException("'" + text + "' is not true/false");
        }
    }
}
