package io.dafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The quorum head is the N-th highest head among distinct stores; a store never counts twice. */
class StoreQuorumTest
{
    @Test
    void shouldReleaseUpToTheHighestSequenceAnyStoreAcknowledgedWhenOneStoreIsRequired()
    {
        final StoreQuorum quorum = new StoreQuorum(1);

        assertThat(quorum.acknowledge("", 4)).isEqualTo(4);
        assertThat(quorum.acknowledge("", 2)).as("an older ACK").isEqualTo(4);
        assertThat(quorum.acknowledge("", 9)).isEqualTo(9);
        assertThat(quorum.storesHolding(9)).isEqualTo(1);
        assertThat(quorum.storesHolding(10)).isZero();
    }

    @Test
    void shouldWaitForTheRequiredNumberOfDistinctStores()
    {
        final StoreQuorum quorum = new StoreQuorum(2);

        assertThat(quorum.acknowledge("S1", 9)).as("one store").isEqualTo(-1);
        assertThat(quorum.acknowledge("S1", 12)).as("the same store again").isEqualTo(-1);
        assertThat(quorum.acknowledge("S2", 5)).as("second store: the lower head").isEqualTo(5);
        assertThat(quorum.acknowledge("S3", 7)).as("third store: the second highest head").isEqualTo(7);
        assertThat(quorum.acknowledge("S2", 20)).isEqualTo(12);
        assertThat(quorum.acknowledge("S3", 3)).as("an older ACK of S3 changes nothing").isEqualTo(12);
        assertThat(quorum.quorumHead()).isEqualTo(12);
    }

    @Test
    void shouldNeverLowerTheQuorumHead()
    {
        final StoreQuorum quorum = new StoreQuorum(2);
        quorum.acknowledge("S1", 10);
        quorum.acknowledge("S2", 10);

        // A new store that holds less does not take back what two stores acknowledged.
        assertThat(quorum.acknowledge("S3", 1)).isEqualTo(10);
    }

    @Test
    void shouldCountTheStoresHoldingEachSequence()
    {
        final StoreQuorum quorum = new StoreQuorum(3);
        quorum.acknowledge("S1", 10);
        quorum.acknowledge("S2", 5);

        assertThat(quorum.storesHolding(0)).isEqualTo(2);
        assertThat(quorum.storesHolding(5)).isEqualTo(2);
        assertThat(quorum.storesHolding(6)).isEqualTo(1);
        assertThat(quorum.storesHolding(11)).isZero();
        assertThat(quorum.quorumHead()).isEqualTo(-1);
    }

    @Test
    void shouldRefuseZeroRequiredStores()
    {
        assertThatThrownBy(() -> new StoreQuorum(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
