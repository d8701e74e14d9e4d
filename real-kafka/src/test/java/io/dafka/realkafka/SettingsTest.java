package io.dafka.realkafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BooleanSupplier;

import io.dafka.realkafka.RealKafka.Kind;
import org.junit.jupiter.api.Test;

class SettingsTest
{
    private static final BooleanSupplier NO_PROBE = () ->
    {
        throw new AssertionError("Docker must not be probed");
    };

    @Test
    void shouldUseAGivenBootstrapAddressWhateverTheMode()
    {
        final Settings settings =
            settings(Map.of("realkafka.bootstrap", "kafka:9092", "realkafka.mode", "docker"), Map.of());

        assertThat(settings.kind(NO_PROBE)).isEqualTo(Kind.EXTERNAL);
        assertThat(settings.bootstrap()).contains("kafka:9092");
    }

    @Test
    void shouldReadTheEnvironmentWhenNoSystemPropertyIsSet()
    {
        final Settings settings = settings(Map.of("realkafka.mode", " "),
            Map.of("REALKAFKA_BOOTSTRAP", "10.0.0.1:9092", "REALKAFKA_MODE", "process"));

        assertThat(settings.bootstrap()).contains("10.0.0.1:9092");
    }

    @Test
    void shouldPreferTheSystemPropertyToTheEnvironment()
    {
        final Settings settings = settings(Map.of("realkafka.mode", "process"), Map.of("REALKAFKA_MODE", "docker"));

        assertThat(settings.kind(NO_PROBE)).isEqualTo(Kind.PROCESS);
    }

    @Test
    void shouldChooseDockerInAutoModeOnlyWhenDockerAnswers()
    {
        assertThat(settings(Map.of(), Map.of()).kind(() -> true)).isEqualTo(Kind.DOCKER);
        assertThat(settings(Map.of(), Map.of()).kind(() -> false)).isEqualTo(Kind.PROCESS);
        assertThat(settings(Map.of("realkafka.mode", "AUTO"), Map.of()).kind(() -> false)).isEqualTo(Kind.PROCESS);
    }

    @Test
    void shouldNotProbeDockerWhenTheModeIsExplicit()
    {
        assertThat(settings(Map.of("realkafka.mode", "docker"), Map.of()).kind(NO_PROBE)).isEqualTo(Kind.DOCKER);
        assertThat(settings(Map.of(), Map.of("REALKAFKA_MODE", "process")).kind(NO_PROBE)).isEqualTo(Kind.PROCESS);
    }

    @Test
    void shouldRejectAnUnknownMode()
    {
        assertThatThrownBy(() -> settings(Map.of("realkafka.mode", "injvm"), Map.of()).kind(NO_PROBE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("realkafka.mode=injvm");
    }

    @Test
    void shouldRunTheApacheImageOfTheBrokerVersionUnlessAnotherIsNamed()
    {
        assertThat(settings(Map.of(), Map.of()).image("4.3.1")).isEqualTo("apache/kafka:4.3.1");
        assertThat(settings(Map.of(), Map.of("REALKAFKA_IMAGE", "apache/kafka-native:4.3.1")).image("4.3.1"))
            .isEqualTo("apache/kafka-native:4.3.1");
    }

    private static Settings settings(final Map<String, String> properties, final Map<String, String> environment)
    {
        return new Settings(properties::get, environment::get);
    }
}
