package io.dafka.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The documentation of configuration keys as a Markdown table, generated from their one definition. */
public final class ConfigTable
{
    private ConfigTable()
    {
    }

    /** A table of {@code keys} under their own names. */
    public static String markdown(final List<ConfigKey<?>> keys)
    {
        final Map<String, ConfigKey<?>> rows = new LinkedHashMap<>();
        keys.forEach(key -> rows.put(key.name(), key));
        return markdown(rows);
    }

    /** A table with one row per entry: the name a user writes, the key's default and its doc. */
    public static String markdown(final Map<String, ConfigKey<?>> rows)
    {
        final StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        rows.forEach((name, key) -> table.append("| `").append(name).append("` | ")
            .append(key.defaultValue().isEmpty() ? "(empty)" : "`" + key.defaultValue() + "`").append(" | ")
            .append(key.doc().replace("|", "\\|")).append(" |\n"));
        return table.toString();
    }
}
