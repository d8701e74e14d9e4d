package io.dafka.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that drive one real node with a {@link TestPeer} on a loopback tower: the tower and the peer are
 * started before each test and closed after it (after the test's own {@code @AfterEach}, which closes its nodes).
 */
public abstract class WithTestPeer extends WithLoopbackTower
{
    protected TestPeer peer;

    @BeforeEach
    protected final void startPeer()
    {
        peer = new TestPeer(Loopback.nodeConfig(tower));
    }

    @AfterEach
    protected final void stopPeer()
    {
        peer.close();
    }
}
