package io.dafka.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.dafka.discovery.TowerNode;

/**
 * Base of tests whose peers meet at one tower on loopback: started before each test, closed after it (after the
 * test's own {@code @AfterEach}, which closes its nodes first).
 */
public abstract class WithLoopbackTower
{
    protected TowerNode tower;

    @BeforeEach
    protected final void startTower()
    {
        tower = Loopback.startTower();
    }

    @AfterEach
    protected final void stopTower()
    {
        tower.close();
    }
}
