package io.dafka.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * GROUP-HEARTBEAT ('J') and GROUP-ASSIGNMENT ('Y'), the Java-only consumer group messages: the example dumps of
 * docs/protocol-extensions.md are what {@code encode()} produces and decode back to their fields; a group of
 * 100 members with 10 000 partitions fits one frame; malformed frames are dropped, never thrown.
 */
class GroupCodecTest
{
    private final MessageDecoder decoder = new MessageDecoder();

    /** The GROUP-HEARTBEAT example of docs/protocol-extensions.md: 59 bytes. */
    static GroupHeartbeat heartbeatExample()
    {
        return new GroupHeartbeat().set("g1", "C0FE", "i1", 7, 3, "ABCD", 4, 0,
            List.of(new GroupHeartbeat.Protocol("range", new byte[] {1, 2})));
    }

    /** The GROUP-ASSIGNMENT example of docs/protocol-extensions.md: 47 bytes. */
    static GroupAssignment assignmentExample()
    {
        return new GroupAssignment().set("g1", "ABCD", 3, "range", List.of(
            new GroupAssignment.Member("ABCD", new byte[] {0x0a}),
            new GroupAssignment.Member("i1", new byte[] {0x0b, 0x0c})));
    }

    @Test
    void shouldEncodeTheDocumentedHeartbeatByteForByte()
    {
        assertThat(Hex.of(heartbeatExample().encode())).isEqualTo(Hex.of(Hex.bytes(GoldenFrames.GROUP_HEARTBEAT_HEX)));
        assertThat(heartbeatExample().encode()).hasSize(59);
    }

    @Test
    void shouldDecodeTheDocumentedHeartbeatToItsFields()
    {
        final GroupHeartbeat heartbeat = (GroupHeartbeat)decoder.decode(Hex.bytes(GoldenFrames.GROUP_HEARTBEAT_HEX));

        assertThat(heartbeat.type()).isEqualTo(MessageType.GROUP_HEARTBEAT);
        assertThat(heartbeat.topic()).isEqualTo("g1");
        assertThat(heartbeat.address()).isEqualTo("C0FE");
        assertThat(heartbeat.instance()).isEqualTo("i1");
        assertThat(heartbeat.sequence()).isEqualTo(7);
        assertThat(heartbeat.generation()).isEqualTo(3);
        assertThat(heartbeat.leader()).isEqualTo("ABCD");
        assertThat(heartbeat.known()).isEqualTo(4);
        assertThat(heartbeat.leaving()).isFalse();
        assertThat(heartbeat.protocols()).hasSize(1);
        assertThat(heartbeat.protocols().get(0).name()).isEqualTo("range");
        assertThat(heartbeat.protocols().get(0).metadata()).containsExactly(1, 2);
    }

    @Test
    void shouldEncodeTheDocumentedAssignmentByteForByte()
    {
        assertThat(Hex.of(assignmentExample().encode()))
            .isEqualTo(Hex.of(Hex.bytes(GoldenFrames.GROUP_ASSIGNMENT_HEX)));
        assertThat(assignmentExample().encode()).hasSize(47);
    }

    @Test
    void shouldDecodeTheDocumentedAssignmentToItsFields()
    {
        final GroupAssignment assignment =
            (GroupAssignment)decoder.decode(Hex.bytes(GoldenFrames.GROUP_ASSIGNMENT_HEX));

        assertThat(assignment.type()).isEqualTo(MessageType.GROUP_ASSIGNMENT);
        assertThat(assignment.topic()).isEqualTo("g1");
        assertThat(assignment.leader()).isEqualTo("ABCD");
        assertThat(assignment.generation()).isEqualTo(3);
        assertThat(assignment.protocol()).isEqualTo("range");
        assertThat(assignment.members()).extracting(GroupAssignment.Member::member).containsExactly("ABCD", "i1");
        assertThat(assignment.members().get(0).assignment()).containsExactly(0x0a);
        assertThat(assignment.members().get(1).assignment()).containsExactly(0x0b, 0x0c);
    }

    @Test
    void shouldKeepWhatAPreviousDecodeReturnedValid()
    {
        final GroupAssignment first = (GroupAssignment)decoder.decode(assignmentExample().encode());
        final List<GroupAssignment.Member> members = first.members();

        decoder.decode(new GroupAssignment().set("g2", "X", 9, "other", List.of()).encode());

        assertThat(members).extracting(GroupAssignment.Member::member).containsExactly("ABCD", "i1");
    }

    @Test
    void shouldRoundTripTheLeavingFlagAndAHeartbeatWithoutProtocols()
    {
        final GroupHeartbeat decoded = (GroupHeartbeat)decoder.decode(
            new GroupHeartbeat().set("g", "A", "", 1, 0, "", 0, GroupHeartbeat.LEAVING, List.of()).encode());

        assertThat(decoded.leaving()).isTrue();
        assertThat(decoded.instance()).isEmpty();
        assertThat(decoded.generation()).isZero();
        assertThat(decoded.protocols()).isEmpty();
    }

    @Test
    void shouldCarryAHundredMembersWithTenThousandPartitionsInOneFrame()
    {
        final List<GroupAssignment.Member> members = new ArrayList<>();
        for (int m = 0; m < 100; m++)
        {
            final StringBuilder partitions = new StringBuilder();
            for (int p = 0; p < 100; p++)
            {
                partitions.append(String.format("topic-%03d/%032d;", p, m));
            }
            members.add(new GroupAssignment.Member(String.format("%032d", m),
                partitions.toString().getBytes(StandardCharsets.UTF_8)));
        }

        final byte[] frame = new GroupAssignment().set("group", "leader", 1, "range", members).encode();
        final GroupAssignment decoded = (GroupAssignment)decoder.decode(frame);

        assertThat(frame.length).isLessThan(1 << 20); // about 460 KB, far below socket.max_message_size (64 MiB)
        assertThat(decoded.members()).hasSize(100);
        assertThat(decoded.members().get(99).assignment()).isEqualTo(members.get(99).assignment());
    }

    @Test
    void shouldRefuseANullProtocolOrMemberAndALongNameNamingTheField()
    {
        assertThatThrownBy(() -> new GroupHeartbeat().set("g", "A", "", 1, 0, "", 0, 0,
            List.of(new GroupHeartbeat.Protocol("range", null)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupAssignment().set("g", "A", 1, "p",
            List.of(new GroupAssignment.Member(null, new byte[0])))).isInstanceOf(IllegalArgumentException.class);
        final GroupAssignment longName = new GroupAssignment().set("g", "A", 1, "p",
            List.of(new GroupAssignment.Member("m".repeat(256), new byte[0])));
        assertThatThrownBy(longName::encode).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("member");
    }

    @Test
    void shouldDropEveryTruncationOfBothExamplesAsTruncated()
    {
        for (final String golden : List.of(GoldenFrames.GROUP_HEARTBEAT_HEX, GoldenFrames.GROUP_ASSIGNMENT_HEX))
        {
            final byte[] frame = Hex.bytes(golden);
            for (int length = 5; length < frame.length; length++)
            {
                assertThat(decoder.decode(Arrays.copyOf(frame, length))).as("first %d bytes", length).isNull();
                assertThat(decoder.lastDropReason()).as("first %d bytes", length).isEqualTo(DropReason.TRUNCATED);
            }
        }
    }

    @Test
    void shouldDropHugeCountsAndLengthsWithoutAllocatingForThem()
    {
        final byte[] count = Hex.bytes(GoldenFrames.GROUP_ASSIGNMENT_HEX);
        count[24] = (byte)0xFF; // member count 0xFF000002
        final byte[] length = Hex.bytes(GoldenFrames.GROUP_HEARTBEAT_HEX);
        length[53] = (byte)0x7F; // metadata length 0x7F000002

        assertThat(decoder.decode(count)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
        assertThat(decoder.decode(length)).isNull();
        assertThat(decoder.lastDropReason()).isEqualTo(DropReason.TRUNCATED);
    }
}
