package io.dafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;

/** How the leak check reaches every test class: JUnit's extension autodetection finds it on the class path. */
class LeakCheckTest
{
    @Test
    void shouldBeFoundByJUnitsExtensionAutodetection()
    {
        assertThat(ServiceLoader.load(Extension.class).stream().map(ServiceLoader.Provider::type))
            .contains(LeakCheck.class);
    }
}
