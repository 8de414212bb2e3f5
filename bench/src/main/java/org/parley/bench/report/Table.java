package org.parley.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with right-aligned columns, printed the same way by every scenario. */
public final class Table {

    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(Table::format).toList());
        return this;
    }

    public int rowCount() {
        return rows.size();
    }

    public void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println();
        out.println("== " + title);
        out.println(line(headers, widths));
        StringBuilder rule = new StringBuilder();
        for (int w : widths) {
            rule.append("-".repeat(w)).append("  ");
        }
        out.println(rule.toString().stripTrailing());
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            sb.append(" ".repeat(widths[i] - cells.get(i).length())).append(cells.get(i)).append("  ");
        }
        return sb.toString().stripTrailing();
    }

    private static String format(Object cell) {
        if (cell instanceof Double d) {
            double abs = Math.abs(d);
            return abs >= 100 || d == 0 ? String.format("%,.0f", d) : abs >= 1 ? String.format("%.2f", d)
                    : String.format("%.3f", d);
        }
        if (cell instanceof Long || cell instanceof Integer) {
            return String.format("%,d", cell);
        }
        return String.valueOf(cell);
    }
}
