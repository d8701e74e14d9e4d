package io.dafka.kafka.admin.internals;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.internals.CoordinatorKey;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The result of an {@code Admin} operation Dafka does not support: every future of it completed exceptionally with
 * Kafka's {@link UnsupportedVersionException}, one per item where the result is per item (each topic, partition,
 * group, resource ... named in the call), so that no future hangs and no map comes back empty and successful.
 * The result's constructor is read by reflection ({@link ResultFactory}): a {@link KafkaFuture} parameter gets a
 * failed future, a map of futures gets a failed future per item of the call whose type is the map's key type, a
 * set gets the call's items of its element type; a result that only wraps another result gets that one built the
 * same way.
 */
final class UnsupportedResults
{
    private UnsupportedResults()
    {
    }

    /** The result of {@code operation} called with {@code args}, every future failed. */
    static <R> R of(final Class<R> type, final String operation, final Object... args)
    {
        final UnsupportedVersionException error = new UnsupportedVersionException("Dafka does not support " +
            "Admin." + operation + " (see docs/admin.md for the operations it supports)");
        return build(type, operation, items(args), error);
    }

    private static <R> R build(final Class<R> type, final String operation, final List<Object> items,
        final UnsupportedVersionException error)
    {
        final Constructor<?> constructor = constructor(type);
        final Type[] parameters = constructor.getGenericParameterTypes();
        final Object[] values = new Object[parameters.length];
        boolean anyItem = false;
        for (int i = 0; i < parameters.length; i++)
        {
            final Class<?> raw = raw(parameters[i]);
            if (raw == KafkaFuture.class)
            {
                values[i] = ResultFactory.failed(error);
            }
            else if (raw == Map.class)
            {
                final Map<Object, KafkaFuture<Object>> futures = new LinkedHashMap<>();
                keys(raw(argument(parameters[i], 0)), operation, items).forEach(key ->
                    futures.put(key, ResultFactory.failed(error)));
                anyItem |= !futures.isEmpty();
                values[i] = futures;
            }
            else if (raw == Set.class || raw == Collection.class)
            {
                values[i] = new LinkedHashSet<>(keys(raw(argument(parameters[i], 0)), operation, items));
            }
            else
            {
                values[i] = build(raw, operation, items, error); // a result wrapping another one
            }
        }
        // Results with one map per kind of key (topic names, topic ids) take exactly one of them: the one with the
        // call's items, or without items the one by name.
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] instanceof Map<?, ?> map && map.isEmpty() && (anyItem ||
                raw(argument(parameters[i], 0)) == org.apache.kafka.common.Uuid.class))
            {
                values[i] = null;
            }
        }
        return type.cast(ResultFactory.create(type, values));
    }

    /** The constructor to fill: the one with the fewest parameters that are themselves results. */
    private static Constructor<?> constructor(final Class<?> type)
    {
        Constructor<?> best = null;
        for (final Constructor<?> candidate : type.getDeclaredConstructors())
        {
            if (best == null || wrapped(candidate) < wrapped(best))
            {
                best = candidate;
            }
        }
        if (best == null)
        {
            throw new IllegalStateException("no constructor of " + type.getName());
        }
        return best;
    }

    private static int wrapped(final Constructor<?> constructor)
    {
        int count = 0;
        for (final Class<?> parameter : constructor.getParameterTypes())
        {
            if (parameter.getSimpleName().endsWith("Result"))
            {
                count++;
            }
        }
        return count;
    }

    /** The call's items of type {@code key}; group and transactional ids become coordinator keys. */
    private static List<Object> keys(final Class<?> key, final String operation, final List<Object> items)
    {
        final List<Object> keys = new ArrayList<>();
        for (final Object item : items)
        {
            if (key == CoordinatorKey.class && item instanceof String id)
            {
                keys.add(operation.contains("Transaction") || operation.equals("fenceProducers") ?
                    CoordinatorKey.byTransactionalId(id) : CoordinatorKey.byGroupId(id));
            }
            else if (key.isInstance(item))
            {
                keys.add(item);
            }
        }
        return keys;
    }

    /** What a call names: elements of collections, keys of maps, topics of a topic collection, plain ids. */
    private static List<Object> items(final Object[] args)
    {
        final List<Object> items = new ArrayList<>();
        for (final Object arg : args)
        {
            if (arg instanceof Collection<?> collection)
            {
                items.addAll(collection);
            }
            else if (arg instanceof Map<?, ?> map)
            {
                items.addAll(map.keySet());
            }
            else if (arg instanceof TopicCollection.TopicNameCollection names)
            {
                items.addAll(names.topicNames());
            }
            else if (arg instanceof TopicCollection.TopicIdCollection ids)
            {
                items.addAll(ids.topicIds());
            }
            else if (arg instanceof Optional<?> optional && optional.isPresent())
            {
                items.addAll(items(new Object[] {optional.get()}));
            }
            else if (arg instanceof String || arg instanceof Integer)
            {
                items.add(arg);
            }
        }
        return items;
    }

    private static Class<?> raw(final Type type)
    {
        if (type instanceof Class<?> plain)
        {
            return plain;
        }
        if (type instanceof ParameterizedType parameterized)
        {
            return (Class<?>)parameterized.getRawType();
        }
        return Object.class;
    }

    private static Type argument(final Type type, final int index)
    {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index] :
            Object.class;
    }
}
