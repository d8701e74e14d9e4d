package io.dafka.realkafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link RealKafka} per test JVM, started by {@link RealKafka#start()} before the first test class that uses
 * this extension and closed when the test run ends. Tests take it as a parameter or from {@link #kafka()}:
 * <pre>
 *   &#64;ExtendWith(RealKafkaExtension.class)
 *   class ProducerContractTest
 *   {
 *       &#64;Test
 *       void shouldKeepOrder(final RealKafka kafka) { ... }      // or RealKafkaExtension.kafka()
 *   }
 * </pre>
 * The broker lives in the root {@link ExtensionContext.Store}, so every class shares it: use distinct topic names
 * and group ids. A broker that failed to start is not retried; every later class fails at once with its cause.
 */
public final class RealKafkaExtension implements BeforeAllCallback, ParameterResolver
{
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(RealKafkaExtension.class);

    private static volatile RealKafka current;

    /**
     * The broker of this test JVM, for code that cannot take a parameter.
     *
     * @throws IllegalStateException outside a test class extended with {@code RealKafkaExtension}
     */
    public static RealKafka kafka()
    {
        final RealKafka kafka = current;
        if (kafka == null)
        {
            throw new IllegalStateException(
                "no broker yet: extend the test class with @ExtendWith(RealKafkaExtension.class)");
        }
        return kafka;
    }

    @Override
    public void beforeAll(final ExtensionContext context)
    {
        broker(context);
    }

    @Override
    public boolean supportsParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        return parameter.getParameter().getType() == RealKafka.class;
    }

    @Override
    public Object resolveParameter(final ParameterContext parameter, final ExtensionContext context)
    {
        return broker(context);
    }

    private static RealKafka broker(final ExtensionContext context)
    {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
            .kafka();
    }

    /** The store's value: JUnit 5.11 closes {@code CloseableResource}s (not plain AutoCloseables) of the root store. */
    private static final class SharedBroker implements ExtensionContext.Store.CloseableResource
    {
        private final RealKafka kafka;
        private final RuntimeException failure;

        private SharedBroker(final RealKafka kafka, final RuntimeException failure)
        {
            this.kafka = kafka;
            this.failure = failure;
        }

        static SharedBroker start()
        {
            try
            {
                final RealKafka kafka = RealKafka.start();
                current = kafka;
                return new SharedBroker(kafka, null);
            }
            catch (final RuntimeException e)
            {
                return new SharedBroker(null, e);
            }
        }

        RealKafka kafka()
        {
            if (failure != null)
            {
                throw new ExtensionConfigurationException(
                    "no real Kafka broker for this test JVM: " + failure.getMessage(), failure);
            }
            return kafka;
        }

        @Override
        public void close()
        {
            if (kafka != null)
            {
                current = null;
                kafka.close();
            }
        }
    }
}
