package io.dafka.store;

/**
 * Whether a store writes: {@code degraded} after an append or fsync failed (a full disk, an I/O error) until a
 * retried write succeeds. A degraded store keeps serving what it holds and ACKs nothing new.
 *
 * @param degraded whether writes are failing
 * @param cause    the last failure, null when healthy
 * @param since    wall-clock ms of the change
 */
public record StoreHealth(boolean degraded, String cause, long since)
{
    /** The state of a store that has not failed. */
    public static final StoreHealth HEALTHY = new StoreHealth(false, null, 0);

    /** Hears the writer's health change, on the writer's thread: keep it short. */
    @FunctionalInterface
    public interface Listener
    {
        /** A listener that does nothing. */
        Listener NONE = health ->
        {
        };

        void onHealthChanged(StoreHealth health);
    }
}
