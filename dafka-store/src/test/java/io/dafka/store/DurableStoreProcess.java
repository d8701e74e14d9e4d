package io.dafka.store;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.dafka.config.DafkaConfig;
import io.dafka.store.durable.DurableRecordStore;

/**
 * A durable store in a child JVM, for crash tests: {@code DIR SUB PUB SUBJECT [key=value...]}. Opens the store,
 * prints {@code RECOVERED p=h ...} (the recovered heads of SUBJECT), starts the node, prints {@code READY}, then
 * answers stdin lines: {@code heads SUBJECT} prints {@code HEADS p=h ...}; {@code close} (or end of input) closes
 * cleanly, prints {@code CLOSED} and exits 0.
 */
public final class DurableStoreProcess
{
    private DurableStoreProcess()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("beacon.address", "127.0.0.1");
        settings.put("beacon.sub_address", args[1]);
        settings.put("beacon.pub_address", args[2]);
        settings.put("beacon.interval", 100);
        settings.put("beacon.timeout", 3000);
        settings.put("store.index.entries", 1000);
        for (int i = 4; i < args.length; i++)
        {
            final String[] pair = args[i].split("=", 2);
            settings.put(pair[0], pair[1]);
        }
        final DafkaConfig config = DafkaConfig.of(settings);
        final DurableRecordStore store = DurableRecordStore.open(Path.of(args[0]), config);
        System.out.println("RECOVERED " + heads(store, args[3]));
        final StoreNode node = StoreNode.start(config, store);
        System.out.println("READY");
        final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null && !line.equals("close"); line = stdin.readLine())
        {
            if (line.startsWith("heads "))
            {
                System.out.println("HEADS " + heads(store, line.substring("heads ".length())));
            }
        }
        node.close();
        store.close();
        System.out.println("CLOSED");
        System.exit(0);
    }

    private static String heads(final RecordStore store, final String subject)
    {
        final Map<String, Long> heads = new TreeMap<>();
        store.forEachHead(subject, heads::put);
        final StringBuilder text = new StringBuilder();
        heads.forEach((partition, head) -> text.append(partition).append('=').append(head).append(' '));
        return text.toString().trim();
    }

    /** Parses a {@code RECOVERED} or {@code HEADS} line into partition → head. */
    static Map<String, Long> parseHeads(final String line)
    {
        final Map<String, Long> heads = new TreeMap<>();
        final String[] words = line.trim().split(" ");
        for (int i = 1; i < words.length; i++)
        {
            final String[] pair = words[i].split("=");
            heads.put(pair[0], Long.parseLong(pair[1]));
        }
        return heads;
    }
}
