package io.dafka.kafka.admin.internals;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * Builds Kafka's admin {@code *Result} objects, whose constructors are not public (Kafka builds them only inside
 * {@code KafkaAdminClient}): the one reflective step of the Dafka {@code Admin}, kept here. It calls the declared
 * constructor whose parameter count matches and whose parameter types accept the arguments; a Kafka version that
 * changes a constructor fails here with a clear message (and in {@code ResultFactoryTest}), not somewhere later.
 */
final class ResultFactory
{
    private ResultFactory()
    {
    }

    /** A new {@code type} from {@code args} (null arguments match any parameter). */
    static <R> R create(final Class<R> type, final Object... args)
    {
        for (final Constructor<?> constructor : type.getDeclaredConstructors())
        {
            if (accepts(constructor.getParameterTypes(), args))
            {
                try
                {
                    constructor.setAccessible(true);
                    return type.cast(constructor.newInstance(args));
                }
                catch (final InstantiationException | IllegalAccessException | InvocationTargetException e)
                {
                    throw new KafkaException("cannot build " + type.getName() + " with " + constructor, e);
                }
            }
        }
        throw new KafkaException("no constructor of " + type.getName() + " takes " + args.length +
            " such arguments: this Kafka version is not the one the Dafka Admin was built for");
    }

    /** A future completed with {@code value}. */
    static <T> KafkaFuture<T> completed(final T value)
    {
        return KafkaFuture.completedFuture(value);
    }

    /** A future completed exceptionally with {@code error}. */
    static <T> KafkaFuture<T> failed(final Throwable error)
    {
        final KafkaFutureImpl<T> future = new KafkaFutureImpl<>();
        future.completeExceptionally(error);
        return future;
    }

    /** The target of a timestamp spec, which Kafka keeps package-private (read the same way, by reflection). */
    static long timestamp(final OffsetSpec.TimestampSpec spec)
    {
        try
        {
            final java.lang.reflect.Method timestamp = OffsetSpec.TimestampSpec.class.getDeclaredMethod("timestamp");
            timestamp.setAccessible(true);
            return (Long)timestamp.invoke(spec);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new KafkaException("cannot read the timestamp of an OffsetSpec: this Kafka version is not the " +
                "one the Dafka Admin was built for", e);
        }
    }

    private static boolean accepts(final Class<?>[] parameters, final Object[] args)
    {
        if (parameters.length != args.length)
        {
            return false;
        }
        for (int i = 0; i < parameters.length; i++)
        {
            if (args[i] != null && !parameters[i].isInstance(args[i]))
            {
                return false;
            }
        }
        return true;
    }
}
