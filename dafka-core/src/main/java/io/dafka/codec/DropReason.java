package io.dafka.codec;

/** Why an incoming frame was dropped instead of being processed. */
public enum DropReason
{
    /** Header frame shorter than id + NUL + version. */
    TOO_SHORT,
    /** No 0x00 terminates the ZMQ topic. */
    NO_TOPIC_TERMINATOR,
    /** Version byte is not 0x01. */
    BAD_VERSION,
    /** Id byte is not one of the known message types. */
    UNKNOWN_ID,
    /** A field runs past the end of the frame. Trailing bytes after the last field are ignored, as in C. */
    TRUNCATED,
    /** RECORD or DIRECT-RECORD without its content frame, or a message with unexpected extra frames. */
    BAD_FRAME_COUNT,
    /** A message of a type that the receiving socket never subscribed to. */
    UNEXPECTED_TYPE,
    /** An XPUB received a frame that is neither a subscribe (0x01) nor an unsubscribe (0x00) notification. */
    NOT_A_NOTIFICATION
}
