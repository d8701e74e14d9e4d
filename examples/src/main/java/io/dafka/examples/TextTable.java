package io.dafka.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in columns as wide as their widest cell, two spaces apart, as Kafka's command-line tools do. */
final class TextTable
{
    private final List<String[]> rows = new ArrayList<>();

    TextTable(final String... header)
    {
        rows.add(header);
    }

    /** Adds a row; null cells print as {@code -}. */
    TextTable row(final Object... cells)
    {
        final String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++)
        {
            text[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(text);
        return this;
    }

    void print(final PrintStream out)
    {
        final int[] widths = new int[rows.get(0).length];
        rows.forEach(row ->
        {
            for (int i = 0; i < row.length; i++)
            {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        });
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++)
            {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
