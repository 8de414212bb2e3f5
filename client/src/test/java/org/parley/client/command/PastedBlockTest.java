package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PastedBlockTest {

    private final CommandParser parser = new CommandParser(ZoneId.of("UTC"));

    @Test
    void aPasteIsAnyLineWithALineBreak() {
        assertThat(PastedBlock.isPaste("message hans hi")).isFalse();
        assertThat(PastedBlock.isPaste("message hans hi\nthere")).isTrue();
        assertThat(PastedBlock.isPaste("message hans hi\rthere")).isTrue();
    }

    @Test
    void everyLineAfterAMessageGoesToTheSameUserInOrder() {
        PastedBlock.Outcome outcome = PastedBlock.parse("message hans one\ntwo\r\n\n  \nthree\n", parser);
        assertThat(outcome).isEqualTo(new PastedBlock.Messages(List.of(new Command.Message("hans", "one"),
                new Command.Message("hans", "two"), new Command.Message("hans", "three")),
                "Send 3 lines as messages to hans? [y/N] "));
    }

    @Test
    void eachMessageKindKeepsItsTarget() {
        assertThat(PastedBlock.parse("private leia a\rb", parser)).isEqualTo(new PastedBlock.Messages(
                List.of(new Command.PrivateMessage("leia", "a"), new Command.PrivateMessage("leia", "b")),
                "Send 2 lines as private messages to leia? [y/N] "));
        assertThat(PastedBlock.parse("SRM 4 a\nb", parser)).isEqualTo(new PastedBlock.Messages(
                List.of(new Command.RoomMessage(4, "a"), new Command.RoomMessage(4, "b")),
                "Send 2 lines as messages to room 4? [y/N] "));
        assertThat(PastedBlock.parse("BCM a\nb", parser)).isEqualTo(new PastedBlock.Messages(
                List.of(new Command.Broadcast("a"), new Command.Broadcast("b")),
                "Send 2 lines as broadcasts to everyone? [y/N] "));
    }

    @Test
    void aBlockOfCommandsIsRefusedWhole() {
        assertThat(PastedBlock.parse("whoelse\nlogout", parser)).isEqualTo(new PastedBlock.Refused(PastedBlock.NOT_MESSAGES));
        assertThat(PastedBlock.parse("hello\nthere", parser)).isInstanceOf(PastedBlock.Refused.class);
    }

    @Test
    void aBadLineRefusesTheWholePasteSayingWhichLine() {
        PastedBlock.Outcome outcome = PastedBlock.parse("message hans ok\nbad\u0007bell", parser);
        assertThat(outcome).isInstanceOf(PastedBlock.Refused.class);
        assertThat(((PastedBlock.Refused) outcome).message()).startsWith("Error.").endsWith("(line 2 of the paste; nothing was sent)");
    }

    @Test
    void aPasteOfOneLineIsThatLine() {
        assertThat(PastedBlock.parse("whoelse\n", parser)).isEqualTo(new PastedBlock.Single("whoelse"));
    }
}
