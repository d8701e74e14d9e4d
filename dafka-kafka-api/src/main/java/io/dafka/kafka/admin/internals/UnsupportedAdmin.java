package io.dafka.kafka.admin.internals;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.admin.AbortTransactionOptions;
import org.apache.kafka.clients.admin.AbortTransactionResult;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.AddRaftVoterOptions;
import org.apache.kafka.clients.admin.AddRaftVoterResult;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterClientQuotasOptions;
import org.apache.kafka.clients.admin.AlterClientQuotasResult;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.AlterConfigsResult;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.AlterPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.AlterPartitionReassignmentsResult;
import org.apache.kafka.clients.admin.AlterReplicaLogDirsOptions;
import org.apache.kafka.clients.admin.AlterReplicaLogDirsResult;
import org.apache.kafka.clients.admin.AlterShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterShareGroupOffsetsResult;
import org.apache.kafka.clients.admin.AlterStreamsGroupOffsetsOptions;
import org.apache.kafka.clients.admin.AlterStreamsGroupOffsetsResult;
import org.apache.kafka.clients.admin.AlterUserScramCredentialsOptions;
import org.apache.kafka.clients.admin.AlterUserScramCredentialsResult;
import org.apache.kafka.clients.admin.CreateAclsOptions;
import org.apache.kafka.clients.admin.CreateAclsResult;
import org.apache.kafka.clients.admin.CreateDelegationTokenOptions;
import org.apache.kafka.clients.admin.CreateDelegationTokenResult;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreatePartitionsResult;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DeleteAclsOptions;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DeleteConsumerGroupsResult;
import org.apache.kafka.clients.admin.DeleteRecordsOptions;
import org.apache.kafka.clients.admin.DeleteRecordsResult;
import org.apache.kafka.clients.admin.DeleteShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteShareGroupOffsetsResult;
import org.apache.kafka.clients.admin.DeleteShareGroupsOptions;
import org.apache.kafka.clients.admin.DeleteShareGroupsResult;
import org.apache.kafka.clients.admin.DeleteStreamsGroupOffsetsOptions;
import org.apache.kafka.clients.admin.DeleteStreamsGroupOffsetsResult;
import org.apache.kafka.clients.admin.DeleteStreamsGroupsOptions;
import org.apache.kafka.clients.admin.DeleteStreamsGroupsResult;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.clients.admin.DescribeAclsResult;
import org.apache.kafka.clients.admin.DescribeClassicGroupsOptions;
import org.apache.kafka.clients.admin.DescribeClassicGroupsResult;
import org.apache.kafka.clients.admin.DescribeClientQuotasOptions;
import org.apache.kafka.clients.admin.DescribeClientQuotasResult;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsResult;
import org.apache.kafka.clients.admin.DescribeDelegationTokenOptions;
import org.apache.kafka.clients.admin.DescribeDelegationTokenResult;
import org.apache.kafka.clients.admin.DescribeFeaturesOptions;
import org.apache.kafka.clients.admin.DescribeFeaturesResult;
import org.apache.kafka.clients.admin.DescribeLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeLogDirsResult;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumOptions;
import org.apache.kafka.clients.admin.DescribeMetadataQuorumResult;
import org.apache.kafka.clients.admin.DescribeProducersOptions;
import org.apache.kafka.clients.admin.DescribeProducersResult;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsOptions;
import org.apache.kafka.clients.admin.DescribeReplicaLogDirsResult;
import org.apache.kafka.clients.admin.DescribeShareGroupsOptions;
import org.apache.kafka.clients.admin.DescribeShareGroupsResult;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsOptions;
import org.apache.kafka.clients.admin.DescribeStreamsGroupsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsResult;
import org.apache.kafka.clients.admin.DescribeUserScramCredentialsOptions;
import org.apache.kafka.clients.admin.DescribeUserScramCredentialsResult;
import org.apache.kafka.clients.admin.ElectLeadersOptions;
import org.apache.kafka.clients.admin.ElectLeadersResult;
import org.apache.kafka.clients.admin.ExpireDelegationTokenOptions;
import org.apache.kafka.clients.admin.ExpireDelegationTokenResult;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FenceProducersOptions;
import org.apache.kafka.clients.admin.FenceProducersResult;
import org.apache.kafka.clients.admin.ListClientMetricsResourcesOptions;
import org.apache.kafka.clients.admin.ListClientMetricsResourcesResult;
import org.apache.kafka.clients.admin.ListConfigResourcesOptions;
import org.apache.kafka.clients.admin.ListConfigResourcesResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListConsumerGroupsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupsResult;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListGroupsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListPartitionReassignmentsOptions;
import org.apache.kafka.clients.admin.ListPartitionReassignmentsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ListTransactionsResult;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RaftVoterEndpoint;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupResult;
import org.apache.kafka.clients.admin.RemoveRaftVoterOptions;
import org.apache.kafka.clients.admin.RemoveRaftVoterResult;
import org.apache.kafka.clients.admin.RenewDelegationTokenOptions;
import org.apache.kafka.clients.admin.RenewDelegationTokenResult;
import org.apache.kafka.clients.admin.TerminateTransactionOptions;
import org.apache.kafka.clients.admin.TerminateTransactionResult;
import org.apache.kafka.clients.admin.UnregisterBrokerOptions;
import org.apache.kafka.clients.admin.UnregisterBrokerResult;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.admin.UpdateFeaturesResult;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/**
 * Kafka's {@link Admin} with every operation unsupported: each returns its result with every future (one per item
 * where the result is per item) completed exceptionally with Kafka's {@code UnsupportedVersionException}, built by
 * {@link UnsupportedResults}. {@link DafkaAdmin} overrides the operations that have a meaning on Dafka; whatever a
 * later Kafka version adds stays unsupported here rather than hanging or succeeding silently.
 */
public abstract class UnsupportedAdmin implements Admin
{
    /** Telemetry is not available: as KafkaAdminClient with {@code enable.metrics.push=false}. */
    @Override
    public Uuid clientInstanceId(final Duration timeout)
    {
        throw new IllegalStateException("Telemetry is not enabled. Set config `enable.metrics.push` to `true`.");
    }

    /** Dafka pushes no client metrics: ignored, as by KafkaAdminClient with {@code enable.metrics.push=false}. */
    @Override
    public void registerMetricForSubscription(final KafkaMetric metric)
    {
    }

    @Override
    public void unregisterMetricFromSubscription(final KafkaMetric metric)
    {
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics()
    {
        return Map.of();
    }

    @Override
    public CreateTopicsResult createTopics(final Collection<NewTopic> collection,
        final CreateTopicsOptions options)
    {
        return UnsupportedResults.of(CreateTopicsResult.class, "createTopics", collection, options);
    }

    @Override
    public DeleteTopicsResult deleteTopics(final TopicCollection topicCollection,
        final DeleteTopicsOptions options)
    {
        return UnsupportedResults.of(DeleteTopicsResult.class, "deleteTopics", topicCollection, options);
    }

    @Override
    public ListTopicsResult listTopics(final ListTopicsOptions options)
    {
        return UnsupportedResults.of(ListTopicsResult.class, "listTopics", options);
    }

    @Override
    public DescribeTopicsResult describeTopics(final TopicCollection topicCollection,
        final DescribeTopicsOptions options)
    {
        return UnsupportedResults.of(DescribeTopicsResult.class, "describeTopics",
            topicCollection, options);
    }

    @Override
    public DescribeClusterResult describeCluster(final DescribeClusterOptions options)
    {
        return UnsupportedResults.of(DescribeClusterResult.class, "describeCluster", options);
    }

    @Override
    public DescribeAclsResult describeAcls(final AclBindingFilter aclBindingFilter,
        final DescribeAclsOptions options)
    {
        return UnsupportedResults.of(DescribeAclsResult.class, "describeAcls", aclBindingFilter, options);
    }

    @Override
    public CreateAclsResult createAcls(final Collection<AclBinding> collection,
        final CreateAclsOptions options)
    {
        return UnsupportedResults.of(CreateAclsResult.class, "createAcls", collection, options);
    }

    @Override
    public DeleteAclsResult deleteAcls(final Collection<AclBindingFilter> collection,
        final DeleteAclsOptions options)
    {
        return UnsupportedResults.of(DeleteAclsResult.class, "deleteAcls", collection, options);
    }

    @Override
    public DescribeConfigsResult describeConfigs(final Collection<ConfigResource> collection,
        final DescribeConfigsOptions options)
    {
        return UnsupportedResults.of(DescribeConfigsResult.class, "describeConfigs",
            collection, options);
    }

    @Override
    public AlterConfigsResult incrementalAlterConfigs(final Map<ConfigResource, Collection<AlterConfigOp>> map,
        final AlterConfigsOptions options)
    {
        return UnsupportedResults.of(AlterConfigsResult.class, "incrementalAlterConfigs", map, options);
    }

    @Override
    public AlterReplicaLogDirsResult alterReplicaLogDirs(final Map<TopicPartitionReplica, String> map,
        final AlterReplicaLogDirsOptions options)
    {
        return UnsupportedResults.of(AlterReplicaLogDirsResult.class, "alterReplicaLogDirs",
            map, options);
    }

    @Override
    public DescribeLogDirsResult describeLogDirs(final Collection<Integer> collection,
        final DescribeLogDirsOptions options)
    {
        return UnsupportedResults.of(DescribeLogDirsResult.class, "describeLogDirs",
            collection, options);
    }

    @Override
    public DescribeReplicaLogDirsResult describeReplicaLogDirs(final Collection<TopicPartitionReplica> collection,
        final DescribeReplicaLogDirsOptions options)
    {
        return UnsupportedResults.of(DescribeReplicaLogDirsResult.class, "describeReplicaLogDirs",
            collection, options);
    }

    @Override
    public CreatePartitionsResult createPartitions(final Map<String, NewPartitions> map,
        final CreatePartitionsOptions options)
    {
        return UnsupportedResults.of(CreatePartitionsResult.class, "createPartitions", map, options);
    }

    @Override
    public DeleteRecordsResult deleteRecords(final Map<TopicPartition, RecordsToDelete> map,
        final DeleteRecordsOptions options)
    {
        return UnsupportedResults.of(DeleteRecordsResult.class, "deleteRecords", map, options);
    }

    @Override
    public CreateDelegationTokenResult createDelegationToken(
        final CreateDelegationTokenOptions options)
    {
        return UnsupportedResults.of(CreateDelegationTokenResult.class, "createDelegationToken",
            options);
    }

    @Override
    public RenewDelegationTokenResult renewDelegationToken(final byte[] bytes,
        final RenewDelegationTokenOptions options)
    {
        return UnsupportedResults.of(RenewDelegationTokenResult.class, "renewDelegationToken",
            bytes, options);
    }

    @Override
    public ExpireDelegationTokenResult expireDelegationToken(final byte[] bytes,
        final ExpireDelegationTokenOptions options)
    {
        return UnsupportedResults.of(ExpireDelegationTokenResult.class, "expireDelegationToken",
            bytes, options);
    }

    @Override
    public DescribeDelegationTokenResult describeDelegationToken(
        final DescribeDelegationTokenOptions options)
    {
        return UnsupportedResults.of(DescribeDelegationTokenResult.class, "describeDelegationToken",
            options);
    }

    @Override
    public DescribeConsumerGroupsResult describeConsumerGroups(final Collection<String> collection,
        final DescribeConsumerGroupsOptions options)
    {
        return UnsupportedResults.of(DescribeConsumerGroupsResult.class, "describeConsumerGroups",
            collection, options);
    }

    @Override
    public ListConsumerGroupsResult listConsumerGroups(final ListConsumerGroupsOptions options)
    {
        return UnsupportedResults.of(ListConsumerGroupsResult.class, "listConsumerGroups", options);
    }

    @Override
    public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(final Map<String, ListConsumerGroupOffsetsSpec> map,
        final ListConsumerGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(ListConsumerGroupOffsetsResult.class, "listConsumerGroupOffsets",
            map, options);
    }

    @Override
    public ListStreamsGroupOffsetsResult listStreamsGroupOffsets(final Map<String, ListStreamsGroupOffsetsSpec> map,
        final ListStreamsGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(ListStreamsGroupOffsetsResult.class, "listStreamsGroupOffsets",
            map, options);
    }

    @Override
    public DeleteConsumerGroupsResult deleteConsumerGroups(final Collection<String> collection,
        final DeleteConsumerGroupsOptions options)
    {
        return UnsupportedResults.of(DeleteConsumerGroupsResult.class, "deleteConsumerGroups",
            collection, options);
    }

    @Override
    public DeleteStreamsGroupsResult deleteStreamsGroups(final Collection<String> collection,
        final DeleteStreamsGroupsOptions options)
    {
        return UnsupportedResults.of(DeleteStreamsGroupsResult.class, "deleteStreamsGroups",
            collection, options);
    }

    @Override
    public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(final String groupId,
        final Set<TopicPartition> set, final DeleteConsumerGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(DeleteConsumerGroupOffsetsResult.class, "deleteConsumerGroupOffsets",
            groupId, set, options);
    }

    @Override
    public DeleteStreamsGroupOffsetsResult deleteStreamsGroupOffsets(final String groupId,
        final Set<TopicPartition> set, final DeleteStreamsGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(DeleteStreamsGroupOffsetsResult.class, "deleteStreamsGroupOffsets",
            groupId, set, options);
    }

    @Override
    public ListGroupsResult listGroups(final ListGroupsOptions options)
    {
        return UnsupportedResults.of(ListGroupsResult.class, "listGroups", options);
    }

    @Override
    public ElectLeadersResult electLeaders(final ElectionType electionType, final Set<TopicPartition> set,
        final ElectLeadersOptions options)
    {
        return UnsupportedResults.of(ElectLeadersResult.class, "electLeaders", electionType, set, options);
    }

    @Override
    public AlterPartitionReassignmentsResult alterPartitionReassignments(
        final Map<TopicPartition, Optional<NewPartitionReassignment>> map,
        final AlterPartitionReassignmentsOptions options)
    {
        return UnsupportedResults.of(AlterPartitionReassignmentsResult.class, "alterPartitionReassignments",
            map, options);
    }

    @Override
    public ListPartitionReassignmentsResult listPartitionReassignments(final Optional<Set<TopicPartition>> optional,
        final ListPartitionReassignmentsOptions options)
    {
        return UnsupportedResults.of(ListPartitionReassignmentsResult.class, "listPartitionReassignments",
            optional, options);
    }

    @Override
    public RemoveMembersFromConsumerGroupResult removeMembersFromConsumerGroup(final String groupId,
        final RemoveMembersFromConsumerGroupOptions options)
    {
        return UnsupportedResults.of(RemoveMembersFromConsumerGroupResult.class, "removeMembersFromConsumerGroup",
            groupId, options);
    }

    @Override
    public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(final String groupId,
        final Map<TopicPartition, OffsetAndMetadata> map,
        final AlterConsumerGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(AlterConsumerGroupOffsetsResult.class, "alterConsumerGroupOffsets",
            groupId, map, options);
    }

    @Override
    public AlterStreamsGroupOffsetsResult alterStreamsGroupOffsets(final String groupId,
        final Map<TopicPartition, OffsetAndMetadata> map,
        final AlterStreamsGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(AlterStreamsGroupOffsetsResult.class, "alterStreamsGroupOffsets",
            groupId, map, options);
    }

    @Override
    public ListOffsetsResult listOffsets(final Map<TopicPartition, OffsetSpec> map,
        final ListOffsetsOptions options)
    {
        return UnsupportedResults.of(ListOffsetsResult.class, "listOffsets", map, options);
    }

    @Override
    public DescribeClientQuotasResult describeClientQuotas(final ClientQuotaFilter clientQuotaFilter,
        final DescribeClientQuotasOptions options)
    {
        return UnsupportedResults.of(DescribeClientQuotasResult.class, "describeClientQuotas",
            clientQuotaFilter, options);
    }

    @Override
    public AlterClientQuotasResult alterClientQuotas(final Collection<ClientQuotaAlteration> collection,
        final AlterClientQuotasOptions options)
    {
        return UnsupportedResults.of(AlterClientQuotasResult.class, "alterClientQuotas",
            collection, options);
    }

    @Override
    public DescribeUserScramCredentialsResult describeUserScramCredentials(final List<String> list,
        final DescribeUserScramCredentialsOptions options)
    {
        return UnsupportedResults.of(DescribeUserScramCredentialsResult.class, "describeUserScramCredentials",
            list, options);
    }

    @Override
    public AlterUserScramCredentialsResult alterUserScramCredentials(final List<UserScramCredentialAlteration> list,
        final AlterUserScramCredentialsOptions options)
    {
        return UnsupportedResults.of(AlterUserScramCredentialsResult.class, "alterUserScramCredentials",
            list, options);
    }

    @Override
    public DescribeFeaturesResult describeFeatures(final DescribeFeaturesOptions options)
    {
        return UnsupportedResults.of(DescribeFeaturesResult.class, "describeFeatures", options);
    }

    @Override
    public UpdateFeaturesResult updateFeatures(final Map<String, FeatureUpdate> map,
        final UpdateFeaturesOptions options)
    {
        return UnsupportedResults.of(UpdateFeaturesResult.class, "updateFeatures", map, options);
    }

    @Override
    public DescribeMetadataQuorumResult describeMetadataQuorum(
        final DescribeMetadataQuorumOptions options)
    {
        return UnsupportedResults.of(DescribeMetadataQuorumResult.class, "describeMetadataQuorum",
            options);
    }

    @Override
    public UnregisterBrokerResult unregisterBroker(final int id, final UnregisterBrokerOptions options)
    {
        return UnsupportedResults.of(UnregisterBrokerResult.class, "unregisterBroker", id, options);
    }

    @Override
    public DescribeProducersResult describeProducers(final Collection<TopicPartition> collection,
        final DescribeProducersOptions options)
    {
        return UnsupportedResults.of(DescribeProducersResult.class, "describeProducers",
            collection, options);
    }

    @Override
    public DescribeTransactionsResult describeTransactions(final Collection<String> collection,
        final DescribeTransactionsOptions options)
    {
        return UnsupportedResults.of(DescribeTransactionsResult.class, "describeTransactions",
            collection, options);
    }

    @Override
    public AbortTransactionResult abortTransaction(final AbortTransactionSpec abortTransactionSpec,
        final AbortTransactionOptions options)
    {
        return UnsupportedResults.of(AbortTransactionResult.class, "abortTransaction",
            abortTransactionSpec, options);
    }

    @Override
    public ListTransactionsResult listTransactions(final ListTransactionsOptions options)
    {
        return UnsupportedResults.of(ListTransactionsResult.class, "listTransactions", options);
    }

    @Override
    public FenceProducersResult fenceProducers(final Collection<String> collection,
        final FenceProducersOptions options)
    {
        return UnsupportedResults.of(FenceProducersResult.class, "fenceProducers", collection, options);
    }

    @Override
    public ListConfigResourcesResult listConfigResources(final Set<ConfigResource.Type> set,
        final ListConfigResourcesOptions options)
    {
        return UnsupportedResults.of(ListConfigResourcesResult.class, "listConfigResources",
            set, options);
    }

    @Override
    public ListClientMetricsResourcesResult listClientMetricsResources(
        final ListClientMetricsResourcesOptions options)
    {
        return UnsupportedResults.of(ListClientMetricsResourcesResult.class, "listClientMetricsResources",
            options);
    }

    @Override
    public AddRaftVoterResult addRaftVoter(final int id, final Uuid uuid, final Set<RaftVoterEndpoint> set,
        final AddRaftVoterOptions options)
    {
        return UnsupportedResults.of(AddRaftVoterResult.class, "addRaftVoter", id, uuid, set, options);
    }

    @Override
    public RemoveRaftVoterResult removeRaftVoter(final int id, final Uuid uuid,
        final RemoveRaftVoterOptions options)
    {
        return UnsupportedResults.of(RemoveRaftVoterResult.class, "removeRaftVoter", id, uuid, options);
    }

    @Override
    public DescribeShareGroupsResult describeShareGroups(final Collection<String> collection,
        final DescribeShareGroupsOptions options)
    {
        return UnsupportedResults.of(DescribeShareGroupsResult.class, "describeShareGroups",
            collection, options);
    }

    @Override
    public AlterShareGroupOffsetsResult alterShareGroupOffsets(final String groupId,
        final Map<TopicPartition, Long> map, final AlterShareGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(AlterShareGroupOffsetsResult.class, "alterShareGroupOffsets",
            groupId, map, options);
    }

    @Override
    public ListShareGroupOffsetsResult listShareGroupOffsets(final Map<String, ListShareGroupOffsetsSpec> map,
        final ListShareGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(ListShareGroupOffsetsResult.class, "listShareGroupOffsets",
            map, options);
    }

    @Override
    public DeleteShareGroupOffsetsResult deleteShareGroupOffsets(final String groupId, final Set<String> set,
        final DeleteShareGroupOffsetsOptions options)
    {
        return UnsupportedResults.of(DeleteShareGroupOffsetsResult.class, "deleteShareGroupOffsets",
            groupId, set, options);
    }

    @Override
    public DeleteShareGroupsResult deleteShareGroups(final Collection<String> collection,
        final DeleteShareGroupsOptions options)
    {
        return UnsupportedResults.of(DeleteShareGroupsResult.class, "deleteShareGroups",
            collection, options);
    }

    @Override
    public DescribeStreamsGroupsResult describeStreamsGroups(final Collection<String> collection,
        final DescribeStreamsGroupsOptions options)
    {
        return UnsupportedResults.of(DescribeStreamsGroupsResult.class, "describeStreamsGroups",
            collection, options);
    }

    @Override
    public DescribeClassicGroupsResult describeClassicGroups(final Collection<String> collection,
        final DescribeClassicGroupsOptions options)
    {
        return UnsupportedResults.of(DescribeClassicGroupsResult.class, "describeClassicGroups",
            collection, options);
    }

    @Override
    public TerminateTransactionResult forceTerminateTransaction(final String transactionalId,
        final TerminateTransactionOptions options)
    {
        return UnsupportedResults.of(TerminateTransactionResult.class, "forceTerminateTransaction",
            transactionalId, options);
    }
}
