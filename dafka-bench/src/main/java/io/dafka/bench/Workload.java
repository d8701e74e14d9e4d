package io.dafka.bench;

/** One kind of measurement; it adds its rows to the {@link Results}. */
interface Workload
{
    /** The name {@code --only} selects it by, e.g. {@code latency}. */
    String name();

    void run(Contenders contenders, Scale scale, Results results);

    /** True if it sets Dafka with CURVE against plain Dafka: the run then starts {@link Contenders#curve()}. */
    default boolean comparesCurve()
    {
        return false;
    }
}
