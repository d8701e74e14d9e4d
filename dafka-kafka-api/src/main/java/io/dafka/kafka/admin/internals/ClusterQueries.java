package io.dafka.kafka.admin.internals;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.internals.KafkaFutureImpl;

/**
 * Kafka's cluster description of a Dafka mesh, which has no brokers: its nodes are the towers the Admin was given
 * (ids 0, 1, ... with their host and port) followed by the stores heard (ids from {@value #FIRST_STORE_ID}, the
 * store's node address as host, port 0); there is no controller ({@link Node#noNode()}); the cluster id is
 * {@value #CLUSTER_ID}.
 */
public final class ClusterQueries
{
    /** The id of the first store in the node list. */
    static final int FIRST_STORE_ID = 1000;
    static final String CLUSTER_ID = "dafka";

    private final AdminNode node;
    private final AdminCalls calls;
    private final List<Node> towers = new ArrayList<>();

    /** @param towerEndpoints the towers' endpoints, {@code tcp://host:port} */
    public ClusterQueries(final AdminNode node, final AdminCalls calls, final Collection<String> towerEndpoints)
    {
        this.node = node;
        this.calls = calls;
        for (final String endpoint : towerEndpoints)
        {
            final URI uri = URI.create(endpoint);
            towers.add(new Node(towers.size(), uri.getHost(), uri.getPort()));
        }
    }

    public DescribeClusterResult describeCluster()
    {
        final KafkaFutureImpl<Collection<Node>> nodes = new KafkaFutureImpl<>();
        calls.run(() ->
        {
            node.awaitListened();
            final List<Node> all = new ArrayList<>(towers);
            int id = FIRST_STORE_ID;
            for (final String store : node.partitions().stores())
            {
                all.add(new Node(id++, store, 0));
            }
            nodes.complete(all);
        }, List.of(nodes));
        return ResultFactory.create(DescribeClusterResult.class, nodes, ResultFactory.completed(Node.noNode()),
            ResultFactory.completed(CLUSTER_ID), ResultFactory.completed(null));
    }
}
