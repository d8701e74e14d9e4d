package io.dafka.realkafka;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import io.dafka.realkafka.RealKafka.Kind;

/** What {@link RealKafka#start()} reads: a system property first, then its environment variable. */
final class Settings
{
    static final String BOOTSTRAP = "realkafka.bootstrap";
    static final String MODE = "realkafka.mode";
    static final String IMAGE = "realkafka.image";

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;

    Settings(final UnaryOperator<String> properties, final UnaryOperator<String> environment)
    {
        this.properties = properties;
        this.environment = environment;
    }

    static Settings fromSystem()
    {
        return new Settings(System::getProperty, System::getenv);
    }

    /** The external broker's address, if one was given. */
    Optional<String> bootstrap()
    {
        return get(BOOTSTRAP);
    }

    /**
     * The kind of broker to use; {@code dockerAvailable} is asked only in {@code auto} mode.
     *
     * @throws IllegalArgumentException for a mode other than docker, process or auto
     */
    Kind kind(final BooleanSupplier dockerAvailable)
    {
        if (bootstrap().isPresent())
        {
            return Kind.EXTERNAL;
        }
        final String mode = get(MODE).orElse("auto").toLowerCase(Locale.ROOT);
        return switch (mode)
        {
            case "docker" -> Kind.DOCKER;
            case "process" -> Kind.PROCESS;
            case "auto" -> dockerAvailable.getAsBoolean() ? Kind.DOCKER : Kind.PROCESS;
            default -> throw new IllegalArgumentException(
                MODE + "=" + mode + ": expected docker, process or auto (or set " + BOOTSTRAP + ")");
        };
    }

    /** The Docker image: the configured one, else {@code apache/kafka} at the given version. */
    String image(final String kafkaVersion)
    {
        return get(IMAGE).orElse("apache/kafka:" + kafkaVersion);
    }

    private Optional<String> get(final String property)
    {
        String value = properties.apply(property);
        if (value == null || value.isBlank())
        {
            value = environment.apply(property.toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
