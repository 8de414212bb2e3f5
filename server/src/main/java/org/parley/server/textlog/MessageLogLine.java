package org.parley.server.textlog;

import java.time.ZoneId;
import org.parley.protocol.Timestamps;

/** One line of a message log (SPEC 7.2): {@code <n>; <ts>; <user>; <text>} and a line break. */
final class MessageLogLine {

    private MessageLogLine() {}

    static String format(long number, long at, String user, String text, ZoneId zone) {
        return number + "; " + Timestamps.format(at, zone) + "; " + oneLine(user) + "; " + oneLine(text) + "\n";
    }

    /**
     * Messages never hold control characters (the protocol rejects them); if one ever got in, it must
     * not split a record over two lines, or the file would no longer be one line per record.
     */
    private static String oneLine(String value) {
        StringBuilder line = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                if (line == null) {
                    line = new StringBuilder(value);
                }
                line.setCharAt(i, ' ');
            }
        }
        return line == null ? value : line.toString();
    }
}
