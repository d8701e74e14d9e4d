/**
 * Discovery through towers (docs/protocol.md#sockets-and-discovery). A {@link io.dafka.discovery.Beacon} announces
 * its node's data endpoint to the towers and reports other nodes' endpoints as they appear and expire; the {@link
 * io.dafka.discovery.TowerNode} relays beacons and emulates the XPUB welcome frame "W" that JeroMQ 0.6.0 lacks.
 * Towers carry no data.
 *
 * <p>Difference from C: node start-up waits for the tower's welcome at most {@code beacon.ready_timeout}
 * (default 10 s) and then fails with a message naming the tower endpoints; C waits forever.
 */
package io.dafka.discovery;
