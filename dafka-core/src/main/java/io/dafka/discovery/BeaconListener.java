package io.dafka.discovery;

/** What a node does when its beacon learns of a peer endpoint, or forgets one. Called on the agent thread. */
public interface BeaconListener
{
    void onConnect(String endpoint);

    void onDisconnect(String endpoint);
}
