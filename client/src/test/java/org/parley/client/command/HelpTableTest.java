package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HelpTableTest {

    @Test
    void noLineOfTheTableIsWiderThanTheTerminalAssumed() {
        assertThat(CommandCatalog.helpLines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(CommandCatalog.HELP_WIDTH));
    }

    @Test
    void everyDescriptionStartsInTheSameColumnAfterItsForm() {
        List<String> rows = CommandCatalog.helpLines().subList(1, CommandCatalog.helpLines().size());
        String upload = rows.stream().filter(l -> l.startsWith("  UDP <user> <file> | UPD <user> <file>")).findFirst().orElseThrow();
        int column = upload.indexOf("upload");
        String logout = rows.stream().filter(l -> l.startsWith("  logout | OUT")).findFirst().orElseThrow();
        assertThat(logout.indexOf("log out")).isEqualTo(column);
        assertThat(upload.charAt(column - 1)).isEqualTo(' ');
        assertThat(upload.charAt(column - 2)).isEqualTo(' ');
    }

    @Test
    void aLongDescriptionWrapsUnderItself() {
        List<String> lines = CommandCatalog.helpLines();
        int atu = lines.indexOf(lines.stream().filter(l -> l.startsWith("  ATU ")).findFirst().orElseThrow());
        String first = lines.get(atu);
        String next = lines.get(atu + 1);
        int column = first.indexOf("list the other active users");
        assertThat(next.substring(0, column)).isBlank();
        assertThat(next.substring(column)).isNotBlank();
        assertThat((first.substring(column) + " " + next.substring(column)))
                .isEqualTo(CommandCatalog.ACTIVE_USERS.description());
    }

    @Test
    void wrapCutsAtSpaces() {
        assertThat(CommandCatalog.wrap("aa bb cc dd", 5)).containsExactly("aa bb", "cc dd");
        assertThat(CommandCatalog.wrap("averyveryverylongword x", 5)).containsExactly("averyveryverylongword", "x");
    }
}
