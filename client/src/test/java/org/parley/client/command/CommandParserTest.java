package org.parley.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.protocol.HistoryKind;
import org.parley.protocol.Limits;
import org.parley.protocol.Timestamps;

class CommandParserTest {

    private static final ZoneId SYDNEY = ZoneId.of("Australia/Sydney");
    private final CommandParser parser = new CommandParser(SYDNEY);

    private Command parsed(String line) {
        ParseResult result = parser.parse(line);
        assertThat(result).as(line).isInstanceOf(ParseResult.Parsed.class);
        return ((ParseResult.Parsed) result).command();
    }

    private String rejected(String line) {
        ParseResult result = parser.parse(line);
        assertThat(result).as(line).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).message();
    }

    @Test
    void everyCommandOfBothVocabulariesParses() {
        assertThat(parsed("message yoda do or do not")).isEqualTo(new Command.Message("yoda", "do or do not"));
        assertThat(parsed("broadcast hello all")).isEqualTo(new Command.Broadcast("hello all"));
        assertThat(parsed("BCM hello all")).isEqualTo(new Command.Broadcast("hello all"));
        assertThat(parsed("whoelse")).isEqualTo(new Command.WhoElse());
        assertThat(parsed("ATU")).isEqualTo(new Command.ActiveUsers());
        assertThat(parsed("whoelsesince 60")).isEqualTo(new Command.WhoElseSince(60));
        assertThat(parsed("whoelsesince 0")).isEqualTo(new Command.WhoElseSince(0));
        assertThat(parsed("block vader")).isEqualTo(new Command.Block("vader"));
        assertThat(parsed("unblock vader")).isEqualTo(new Command.Unblock("vader"));
        assertThat(parsed("SRB luke leia")).isEqualTo(new Command.BuildRoom(List.of("luke", "leia")));
        assertThat(parsed("SRM 3 meet at the base")).isEqualTo(new Command.RoomMessage(3, "meet at the base"));
        assertThat(parsed("startprivate luke")).isEqualTo(new Command.StartPrivate("luke"));
        assertThat(parsed("private luke the secret")).isEqualTo(new Command.PrivateMessage("luke", "the secret"));
        assertThat(parsed("stopprivate luke")).isEqualTo(new Command.StopPrivate("luke"));
        assertThat(parsed("UDP luke movie.mp4")).isEqualTo(new Command.Upload("luke", Path.of("movie.mp4")));
        assertThat(parsed("UPD luke movie.mp4")).isEqualTo(new Command.Upload("luke", Path.of("movie.mp4")));
        assertThat(parsed("y")).isEqualTo(new Command.AnswerPrivate(Optional.empty(), true));
        assertThat(parsed("n")).isEqualTo(new Command.AnswerPrivate(Optional.empty(), false));
        assertThat(parsed("accept luke")).isEqualTo(new Command.AnswerPrivate(Optional.of("luke"), true));
        assertThat(parsed("decline luke")).isEqualTo(new Command.AnswerPrivate(Optional.of("luke"), false));
        assertThat(parsed("logout")).isEqualTo(new Command.Logout());
        assertThat(parsed("OUT")).isEqualTo(new Command.Logout());
        assertThat(parsed("help")).isEqualTo(new Command.Help());
    }

    @Test
    void readHistoryTakesBroadcastOrRoomsAndATimestampInTheServersZone() {
        Instant expected = Timestamps.parse("1 Jun 2022 21:30:04", SYDNEY).orElseThrow();
        assertThat(parsed("RDM b 1 Jun 2022 21:30:04")).isEqualTo(new Command.ReadHistory(HistoryKind.BROADCAST, expected));
        assertThat(parsed("RDM s 01 Jun 2022 21:30:04")).isEqualTo(new Command.ReadHistory(HistoryKind.ROOMS, expected));
        assertThat(parsed("rdm B 2022-06-01T21:30:04")).isEqualTo(new Command.ReadHistory(HistoryKind.BROADCAST, expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bcm hi", "Bcm hi", "BROADCAST hi", "Broadcast hi"})
    void commandWordsIgnoreCase(String line) {
        assertThat(parsed(line)).isEqualTo(new Command.Broadcast("hi"));
    }

    @Test
    void otherWordsIgnoreCaseToo() {
        assertThat(parsed("atu")).isEqualTo(new Command.ActiveUsers());
        assertThat(parsed("out")).isEqualTo(new Command.Logout());
        assertThat(parsed("WHOELSE")).isEqualTo(new Command.WhoElse());
        assertThat(parsed("srm 1 x")).isEqualTo(new Command.RoomMessage(1, "x"));
        assertThat(parsed("Y")).isEqualTo(new Command.AnswerPrivate(Optional.empty(), true));
    }

    @Test
    void usernamesKeepTheirCase() {
        assertThat(parsed("message Yoda hi")).isEqualTo(new Command.Message("Yoda", "hi"));
    }

    @Test
    void textRunsToTheEndOfTheLineKeepingInnerSpacing() {
        assertThat(parsed("  message   yoda   two  spaces  ")).isEqualTo(new Command.Message("yoda", "two  spaces"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "message|Usage: message <user> <text>",
            "message yoda|Usage: message <user> <text>",
            "broadcast|Usage: broadcast <text>",
            "bcm|Usage: BCM <text>",
            "whoelse now|Usage: whoelse",
            "atu x|Usage: ATU",
            "whoelsesince|Usage: whoelsesince <seconds>",
            "whoelsesince -5|Usage: whoelsesince <seconds>",
            "whoelsesince ten|Usage: whoelsesince <seconds>",
            "whoelsesince 1.5|Usage: whoelsesince <seconds>",
            "whoelsesince 1 2|Usage: whoelsesince <seconds>",
            "whoelsesince 99999999999999999999|Usage: whoelsesince <seconds>",
            "block|Usage: block <user>",
            "block a b|Usage: block <user>",
            "unblock|Usage: unblock <user>",
            "SRB|Usage: SRB <user> [<user> ...]",
            "SRM|Usage: SRM <roomID> <text>",
            "SRM 3|Usage: SRM <roomID> <text>",
            "SRM abc hello|Usage: SRM <roomID> <text>",
            "SRM -1 hello|Usage: SRM <roomID> <text>",
            "SRM 0 hello|Usage: SRM <roomID> <text>",
            "startprivate|Usage: startprivate <user>",
            "private luke|Usage: private <user> <text>",
            "stopprivate|Usage: stopprivate <user>",
            "UDP luke|Usage: UDP <user> <file>",
            "upd luke|Usage: UPD <user> <file>",
            "UDP luke a b|Usage: UDP <user> <file>",
            "y please|Usage: y",
            "n no|Usage: n",
            "accept|Usage: accept <user>",
            "decline|Usage: decline <user>",
            "logout now|Usage: logout",
            "out now|Usage: OUT",
    })
    void wrongArgumentsGiveThatCommandsUsageAsSpelled(String line, String usage) {
        assertThat(rejected(line)).isEqualTo(usage);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RDM", "RDM b", "RDM x 1 Jun 2022 21:30:04", "RDM b yesterday", "RDM s 32 Jun 2022 21:30:04",
            "RDM b 31 Feb 2026 10:00:00", "RDM s 29 Feb 2026 10:00:00", "RDM b 1 Jun 2022 24:00:00",
            "RDM b +999999999-12-31T23:59:59Z", "RDM b -999999999-01-01T00:00:00Z", "RDM b 2026-02-31T10:00:00"})
    void badHistoryRequestsShowTheExpectedTimestampForm(String line) {
        assertThat(rejected(line)).isEqualTo("Usage: RDM b|s <ts>, where <ts> is " + Timestamps.EXPECTED_FORM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"message bad\u0001name hi", "block caf\u00e9", "SRB luke le\u0007ia", "accept bad\u0002",
            "UDP l\u00fcke f"})
    void badUserNamesAreInvalidUsers(String line) {
        assertThat(rejected(line)).isEqualTo("Error. Invalid user");
    }

    @Test
    void overlongUserNamesAreInvalidUsers() {
        String longName = "u".repeat(Limits.MAX_USERNAME_CHARS + 1);
        assertThat(rejected("block " + longName)).isEqualTo("Error. Invalid user");
        assertThat(rejected("message " + longName + " hi")).isEqualTo("Error. Invalid user");
        assertThat(rejected("UDP " + longName + " f")).isEqualTo("Error. Invalid user");
    }

    @Test
    void messageTextsAreCheckedLocally() {
        assertThat(rejected("broadcast bell\u0007")).isEqualTo("Error. Message contains control characters");
        assertThat(rejected("message yoda a\u0000b")).isEqualTo("Error. Message contains control characters");
        assertThat(rejected("SRM 1 " + "x".repeat(Limits.MAX_TEXT_CHARS + 1)))
                .isEqualTo("Error. Message is too long (at most " + Limits.MAX_TEXT_CHARS + " characters)");
        assertThat(parsed("BCM " + "x".repeat(Limits.MAX_TEXT_CHARS))).isInstanceOf(Command.Broadcast.class);
    }

    @Test
    void aRoomHasAtMostTheLimitOfUsers() {
        StringBuilder line = new StringBuilder("SRB");
        for (int i = 0; i <= Limits.MAX_ROOM_USERS; i++) {
            line.append(" u").append(i);
        }
        assertThat(rejected(line.toString())).isEqualTo("Error. A separate room has at most " + Limits.MAX_ROOM_USERS + " users");
    }

    @ParameterizedTest
    @CsvSource({"hello,hello", "msg yoda hi,msg", "whoelse2,whoelse2", "BCMhi,BCMhi", "#,#", "/,/", "//msg hi,//msg",
            "/hello there,/hello", "/ msg,/"})
    void unknownWordsAreInvalidCommandsNamedWithWhereToLearnOne(String line, String word) {
        assertThat(rejected(line))
                .isEqualTo("Error. Invalid command '" + word + "'; type help for the commands, help <command> for one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void aBlankLineIsAnInvalidCommandWithWhereToLearnOne(String line) {
        assertThat(rejected(line)).isEqualTo("Error. Invalid command; type help for the commands, help <command> for one");
    }

    @Test
    void anUnknownWordIsNotEchoedWhenItCouldMoveTheCursorOrFloodTheScreen() {
        String hint = "; type help for the commands, help <command> for one";
        assertThat(rejected("\u001b[2Jboom")).isEqualTo("Error. Invalid command" + hint);
        assertThat(rejected("x".repeat(41))).isEqualTo("Error. Invalid command" + hint);
        assertThat(rejected("x".repeat(40))).isEqualTo("Error. Invalid command '" + "x".repeat(40) + "'" + hint);
    }

    @ParameterizedTest
    @CsvSource({
            "/msg yoda do or do not, message", "/MSG yoda do or do not, message", "/Msg yoda do or do not, message",
            "/message yoda do or do not, message",
            "/quit, logout", "/QUIT, logout", "/logout, logout", "/out, logout", "/OUT, logout",
            "/who, whoelse", "/Who, whoelse", "/whoelse, whoelse",
            "/broadcast hi, broadcast", "/BCM hi, broadcast", "/bcm hi, broadcast",
            "/ATU, ATU", "/whoelsesince 60, whoelsesince", "/block luke, block", "/BLOCK luke, block",
            "/unblock luke, unblock", "/SRB luke, SRB", "/SRM 1 hi, SRM", "/RDM b 1 Jun 2022 21:30:04, RDM",
            "/startprivate luke, startprivate", "/private luke hi, private", "/stopprivate luke, stopprivate",
            "/UDP luke f.mp4, UDP", "/upd luke f.mp4, UDP", "/y, accept", "/n, decline", "/accept luke, accept",
            "/decline luke, decline", "/help, help", "/HELP, help"})
    void slashFormsParseAsTheirCommand(String line, String word) {
        assertThat(parsed(line).word()).isEqualTo(word);
    }

    @Test
    void slashFormsParseToTheSameCommandAsTheWord() {
        assertThat(parsed("/msg yoda do or do not")).isEqualTo(new Command.Message("yoda", "do or do not"));
        assertThat(parsed("/quit")).isEqualTo(new Command.Logout());
        assertThat(parsed("/who")).isEqualTo(new Command.WhoElse());
        assertThat(parsed("/BCM hello all")).isEqualTo(new Command.Broadcast("hello all"));
        assertThat(parsed("/block luke")).isEqualTo(new Command.Block("luke"));
        assertThat(parsed("/help")).isEqualTo(new Command.Help());
    }

    @Test
    void aSlashFormsUsageLineIsSpelledAsTyped() {
        assertThat(rejected("/msg luke")).isEqualTo("Usage: /msg <user> <text>");
        assertThat(rejected("/MSG")).isEqualTo("Usage: /msg <user> <text>");
        assertThat(rejected("/bcm")).isEqualTo("Usage: /BCM <text>");
        assertThat(rejected("/quit now")).isEqualTo("Usage: /quit");
        assertThat(rejected("/who is there")).isEqualTo("Usage: /who");
    }

    @ParameterizedTest
    @CsvSource({"help message, message", "help /msg, message", "HELP /MSG, message", "help BCM, broadcast",
            "help bcm, broadcast", "help /BCM, broadcast", "help /quit, logout", "help OUT, logout",
            "help /who, whoelse", "help help, help", "/help /msg, message", "help   upd  , UDP"})
    void helpWithACommandExplainsThatCommand(String line, String word) {
        Command.Help help = (Command.Help) parsed(line);
        assertThat(help.topic()).isPresent();
        assertThat(help.topic().get().words().get(0)).isEqualTo(word);
    }

    @Test
    void helpForOneCommandGivesItsUsageAliasesAndWhatItDoes() {
        assertThat(CommandCatalog.helpLines(CommandCatalog.MESSAGE)).containsExactly(
                "Usage: message <user> <text>", "Aliases: /message, /msg", "Send a direct message.");
        assertThat(CommandCatalog.helpLines(CommandCatalog.BROADCAST)).containsExactly(
                "Usage: broadcast <text>", "Aliases: BCM, /broadcast, /BCM", "Message every online user.");
        assertThat(CommandCatalog.helpLines(CommandCatalog.LOGOUT)).containsExactly(
                "Usage: logout", "Aliases: OUT, /logout, /OUT, /quit", "Log out.");
        assertThat(CommandCatalog.helpLines(CommandCatalog.WHOELSE)).containsExactly(
                "Usage: whoelse", "Aliases: /whoelse, /who", "List the other online users.");
    }

    @Test
    void helpWithAnUnknownCommandSaysItIsUnknown() {
        assertThat(rejected("help me")).isEqualTo("Error. Unknown command 'me'; type help for the commands");
        assertThat(rejected("help /nope")).isEqualTo("Error. Unknown command '/nope'; type help for the commands");
        assertThat(rejected("help msg")).isEqualTo("Error. Unknown command 'msg'; type help for the commands");
        assertThat(rejected("help message luke")).isEqualTo("Error. Unknown command 'message luke'; type help for the commands");
    }

    @Test
    void helpListsEveryCommandWithItsUsage() {
        String help = String.join("\n", CommandCatalog.helpLines());
        for (CommandSpec spec : CommandCatalog.all()) {
            for (String word : spec.words()) {
                assertThat(help).contains(spec.form(word));
            }
        }
        assertThat(help).contains("RDM b|s <ts>", "BCM <text>", "UPD <user> <file>", "OUT", "SRB <user> [<user> ...]");
    }

    @Test
    void everyCommandHasItsCanonicalWord() {
        assertThat(parsed("bcm x").word()).isEqualTo("broadcast");
        assertThat(parsed("upd a f").word()).isEqualTo("UDP");
        assertThat(parsed("n").word()).isEqualTo("decline");
        assertThat(parsed("out").word()).isEqualTo("logout");
    }

    @org.junit.jupiter.api.Test
    void aRoomNamingSomeoneTwiceIsRefusedLocally() {
        assertThat(rejected("SRB luke leia luke")).isEqualTo("Error. luke is named more than once");
    }

    @Test
    void aOneDigitHourIsAccepted() {
        Instant expected = java.time.LocalDateTime.of(2022, 6, 1, 9, 30, 4).atZone(SYDNEY).toInstant();
        assertThat(parsed("RDM b 1 Jun 2022 9:30:04")).isEqualTo(new Command.ReadHistory(HistoryKind.BROADCAST, expected));
    }

    @Test
    void everyParsedHistoryTimeFitsTheWire() {
        Command.ReadHistory latest = (Command.ReadHistory) parsed("RDM b +292278994-08-17T07:12:55Z");
        assertThat(latest.since().toEpochMilli()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u202E", "\u202A", "\u2066", "\u2069"})
    void bidiControlsAreRefusedInTextsAndFileNames(String control) {
        String because = "Error. Message contains bidirectional override characters";
        assertThat(rejected("BCM hi " + control + "there")).isEqualTo(because);
        assertThat(rejected("message luke hi " + control + "there")).isEqualTo(because);
        assertThat(rejected("SRM 3 hi " + control + "there")).isEqualTo(because);
        assertThat(rejected("private luke hi " + control + "there")).isEqualTo(because);
        assertThat(rejected("UDP luke film" + control + "4pm.exe")).isEqualTo("Error. Invalid file name");
    }

    @Test
    void loneSurrogatesAreRefusedInTexts() {
        assertThat(rejected("BCM hi \ud800")).isEqualTo("Error. Message contains an invalid character");
        assertThat(parsed("BCM hi \ud83d\ude00")).isEqualTo(new Command.Broadcast("hi \ud83d\ude00"));
    }
}
