package org.parley.server.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Event;
import org.parley.protocol.LinkRefusal;
import org.parley.protocol.Request;
import org.parley.protocol.Response;
import org.parley.protocol.Validation;

/** SPEC 5 (private-chat brokering) and 6 (upload authorisation): the server introduces, never carries. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokeringComponentTest {

    private static final String SHA = "0123456789abcdef".repeat(4);
    /** Two link certificate fingerprints, as the clients would send them (canonical SHA256: base64). */
    private static final String ASKER_KEY = "SHA256:" + "A".repeat(42) + "Q";
    private static final String TARGET_KEY = "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU";

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void logOutEveryone() throws IOException {
        server.disconnectAll();
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aDeclinedRequestTellsTheAsker() throws Exception {
        TestConnection asker = server.register("pdask", 0, 40001);
        TestConnection target = server.register("pdtarget", 0, 40002);
        asker.request(new Request.StartPrivate(asker.nextId(), "pdtarget", ASKER_KEY), Response.Ok.class);
        assertThat(target.awaitEvent(Event.PrivateRequested.class)).isEqualTo(new Event.PrivateRequested("pdask"));
        target.request(Request.AnswerPrivate.decline(target.nextId(), "pdask"), Response.Ok.class);
        assertThat(asker.awaitEvent(Event.PrivateDeclined.class)).isEqualTo(new Event.PrivateDeclined("pdtarget", false));
        // the question was answered: answering again is an error
        assertThat(target.requestError(new Request.AnswerPrivate(target.nextId(), "pdask", true, TARGET_KEY)).code())
                .isEqualTo(ErrorCode.NO_PENDING_REQUEST);
    }

    @Test
    void anAcceptedRequestIntroducesTheAskerOnlyOnceTheTargetIsReady() throws Exception {
        TestConnection asker = server.register("paask", 0, 0);
        TestConnection target = server.register("patarget", 0, 40003);
        asker.request(new Request.StartPrivate(asker.nextId(), "patarget", ASKER_KEY), Response.Ok.class);
        target.awaitEvent(Event.PrivateRequested.class);
        target.request(new Request.AnswerPrivate(target.nextId(), "paask", true, TARGET_KEY), Response.Ok.class);
        Event.PrivateExpect expect = target.awaitEvent(Event.PrivateExpect.class);
        assertThat(expect.user()).isEqualTo("paask");
        assertThat(expect.token()).isNotBlank();
        assertThat(expect.fingerprint()).as("the target learns the asker's key").isEqualTo(ASKER_KEY);
        asker.sync();
        assertThat(asker.keptOf(Event.PrivateAccepted.class)).as("not before the target is ready").isEmpty();

        target.request(new Request.PrivateReady(target.nextId(), "paask"), Response.Ok.class);
        assertThat(asker.awaitEvent(Event.PrivateAccepted.class))
                .isEqualTo(new Event.PrivateAccepted("patarget", target.localIp(), 40003, expect.token(), TARGET_KEY));
        assertThat(target.requestError(new Request.PrivateReady(target.nextId(), "paask")).code())
                .as("the token is used once").isEqualTo(ErrorCode.NO_PENDING_REQUEST);
    }

    @Test
    void aRefusedLinkIsReportedToTheTargetOncePerIntroductionAndOnlyAfterOne() throws Exception {
        TestConnection asker = server.register("prask", 0, 0);
        TestConnection target = server.register("prtarget", 0, 40009);
        TestConnection stranger = server.register("prstranger", 0, 0);
        assertThat(stranger.requestError(new Request.ReportLinkRefused(stranger.nextId(), "prtarget",
                LinkRefusal.WRONG_KEY)).code()).as("never introduced").isEqualTo(ErrorCode.NO_PENDING_REQUEST);

        asker.request(new Request.StartPrivate(asker.nextId(), "prtarget", ASKER_KEY), Response.Ok.class);
        target.awaitEvent(Event.PrivateRequested.class);
        target.request(new Request.AnswerPrivate(target.nextId(), "prask", true, TARGET_KEY), Response.Ok.class);
        target.awaitEvent(Event.PrivateExpect.class);
        assertThat(asker.requestError(new Request.ReportLinkRefused(asker.nextId(), "prtarget",
                LinkRefusal.WRONG_KEY)).code()).as("not introduced yet").isEqualTo(ErrorCode.NO_PENDING_REQUEST);
        target.request(new Request.PrivateReady(target.nextId(), "prask"), Response.Ok.class);
        asker.awaitEvent(Event.PrivateAccepted.class);

        asker.request(new Request.ReportLinkRefused(asker.nextId(), "prtarget", LinkRefusal.KEY_REFUSED), Response.Ok.class);
        assertThat(target.awaitEvent(Event.PrivateLinkRefused.class))
                .isEqualTo(new Event.PrivateLinkRefused("prask", LinkRefusal.KEY_REFUSED));
        assertThat(asker.requestError(new Request.ReportLinkRefused(asker.nextId(), "prtarget",
                LinkRefusal.KEY_REFUSED)).code()).as("once").isEqualTo(ErrorCode.NO_PENDING_REQUEST);
        assertThat(target.requestError(new Request.ReportLinkRefused(target.nextId(), "prask",
                LinkRefusal.WRONG_KEY)).code()).as("only the asker reports").isEqualTo(ErrorCode.NO_PENDING_REQUEST);
        asker.sync();
        assertThat(asker.keptOf(Event.PrivateLinkRefused.class)).isEmpty();
        assertThat(asker.requestError(new Request.ReportLinkRefused(asker.nextId(), "prtarget", null)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void privateChatRequestsWithoutAValidLinkFingerprintAreRefusedAndAskNobody() throws Exception {
        TestConnection asker = server.register("pfask", 0, 0);
        TestConnection target = server.register("pftarget", 0, 40008);

        assertThat(asker.requestError(new Request.StartPrivate(asker.nextId(), "pftarget", null)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(asker.requestError(new Request.StartPrivate(asker.nextId(), "pftarget", "SHA256:forged")).message())
                .isEqualTo("Error. A link fingerprint is SHA256: followed by 43 base64 characters");
        target.sync();
        assertThat(target.keptOf(Event.PrivateRequested.class)).isEmpty();

        asker.request(new Request.StartPrivate(asker.nextId(), "pftarget", ASKER_KEY), Response.Ok.class);
        target.awaitEvent(Event.PrivateRequested.class);
        assertThat(target.requestError(new Request.AnswerPrivate(target.nextId(), "pfask", true, null)).code())
                .isEqualTo(ErrorCode.BAD_FRAME);
        assertThat(target.requestError(new Request.AnswerPrivate(target.nextId(), "pfask", true, TARGET_KEY + "=")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        // the refused answers were no answers: the question still stands and a valid one goes through
        target.request(new Request.AnswerPrivate(target.nextId(), "pfask", true, TARGET_KEY), Response.Ok.class);
        assertThat(target.awaitEvent(Event.PrivateExpect.class).fingerprint()).isEqualTo(ASKER_KEY);
    }

    @Test
    void startPrivateRefusesSelfOfflineUnknownBlockersAndTargetsWithoutAPort() throws Exception {
        TestConnection away = server.register("peaway", 0, 40004);
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        TestConnection me = server.register("peme", 0, 40005);
        TestConnection blocker = server.register("peblock", 0, 40006);
        server.register("penoport", 0, 0);
        blocker.request(new Request.Block(blocker.nextId(), "peme"), Response.Ok.class);

        assertThat(me.requestError(new Request.StartPrivate(me.nextId(), "peme", ASKER_KEY)).code()).isEqualTo(ErrorCode.SELF);
        Response.Error offline = me.requestError(new Request.StartPrivate(me.nextId(), "peaway", ASKER_KEY));
        assertThat(offline.code()).isEqualTo(ErrorCode.OFFLINE);
        assertThat(offline.message()).contains("peaway");
        assertThat(me.requestError(new Request.StartPrivate(me.nextId(), "penobody", ASKER_KEY)).message()).isEqualTo("Error. Invalid user");
        assertThat(me.requestError(new Request.StartPrivate(me.nextId(), "peblock", ASKER_KEY)).code())
                .isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        Response.Error noPort = me.requestError(new Request.StartPrivate(me.nextId(), "penoport", ASKER_KEY));
        assertThat(noPort.message()).contains("penoport");
        assertThat(me.requestError(new Request.AnswerPrivate(me.nextId(), "peblock", true, TARGET_KEY)).code())
                .isEqualTo(ErrorCode.NO_PENDING_REQUEST);
        assertThat(me.requestError(new Request.PrivateReady(me.nextId(), "peblock")).code())
                .isEqualTo(ErrorCode.NO_PENDING_REQUEST);
        blocker.sync();
        assertThat(blocker.keptOf(Event.PrivateRequested.class)).isEmpty();
    }

    @Test
    void aTargetThatLeavesWithoutAnsweringHasDeclined() throws Exception {
        TestConnection asker = server.register("plask", 0, 0);
        TestConnection target = server.register("pltarget", 0, 40007);
        asker.request(new Request.StartPrivate(asker.nextId(), "pltarget", ASKER_KEY), Response.Ok.class);
        target.awaitEvent(Event.PrivateRequested.class);
        target.close();
        assertThat(asker.awaitEvent(Event.PrivateDeclined.class)).isEqualTo(new Event.PrivateDeclined("pltarget", false));
    }

    @Test
    void anUploadIsAuthorisedWithTheSameTicketOnBothSides() throws Exception {
        TestConnection presenter = server.register("upres", 6001, 0);
        TestConnection audience = server.register("uaud", 6002, 0);
        Response.UploadTicket ticket = presenter.request(
                new Request.AuthorizeUpload(presenter.nextId(), "uaud", "clip.mp4", 1234, SHA), Response.UploadTicket.class);
        assertThat(ticket.user()).isEqualTo("uaud");
        assertThat(ticket.host()).isEqualTo(audience.localIp());
        assertThat(ticket.port()).isEqualTo(6002);
        assertThat(ticket.token()).isNotBlank();
        assertThat(Validation.isTransferKey(ticket.key())).as(ticket.key()).isTrue();
        assertThat(audience.awaitEvent(Event.UploadIncoming.class)).isEqualTo(new Event.UploadIncoming(
                "upres", "clip.mp4", 1234, SHA, ticket.transferId(), ticket.token(), ticket.key()));

        Response.UploadTicket second = presenter.request(
                new Request.AuthorizeUpload(presenter.nextId(), "uaud", "clip.mp4", 1234, SHA), Response.UploadTicket.class);
        assertThat(second.transferId()).isNotEqualTo(ticket.transferId());
        assertThat(second.token()).isNotEqualTo(ticket.token());
        assertThat(second.key()).isNotEqualTo(ticket.key());
    }

    @Test
    void whenTheAudienceLogsOutThePresenterIsToldAtOnceForEachOfItsUploads() throws Exception {
        TestConnection presenter = server.register("ucpres", 6011, 0);
        TestConnection audience = server.register("ucaud", 6012, 0);
        TestConnection bystander = server.register("ucby", 6013, 0);
        Response.UploadTicket ticket = presenter.request(
                new Request.AuthorizeUpload(presenter.nextId(), "ucaud", "clip.mp4", 1234, SHA), Response.UploadTicket.class);
        presenter.request(new Request.AuthorizeUpload(presenter.nextId(), "ucby", "other.mp4", 1, SHA),
                Response.UploadTicket.class);
        audience.awaitEvent(Event.UploadIncoming.class);

        audience.request(new Request.Logout(audience.nextId()), Response.Bye.class);

        assertThat(presenter.awaitEvent(Event.UploadCancelled.class)).isEqualTo(new Event.UploadCancelled(
                ticket.transferId(), "ucaud", "clip.mp4", Event.UploadCancelled.Reason.LOGGED_OUT));
        presenter.sync();
        bystander.sync();
        assertThat(presenter.keptOf(Event.UploadCancelled.class)).as("only the upload to the one who left").isEmpty();
        assertThat(bystander.keptOf(Event.UploadCancelled.class)).isEmpty();
    }

    @Test
    void whenThePresenterVanishesTheAudienceIsToldOnce() throws Exception {
        TestConnection presenter = server.register("ucvpres", 6021, 0);
        TestConnection audience = server.register("ucvaud", 6022, 0);
        Response.UploadTicket ticket = presenter.request(
                new Request.AuthorizeUpload(presenter.nextId(), "ucvaud", "clip.mp4", 1234, SHA), Response.UploadTicket.class);
        audience.awaitEvent(Event.UploadIncoming.class);

        presenter.close();

        assertThat(audience.awaitEvent(Event.UploadCancelled.class)).isEqualTo(new Event.UploadCancelled(
                ticket.transferId(), "ucvpres", "clip.mp4", Event.UploadCancelled.Reason.DISCONNECTED));
        audience.sync();
        assertThat(audience.keptOf(Event.UploadCancelled.class)).as("told once").isEmpty();
    }

    @Test
    void uploadsAreRefusedToSelfOfflineUnknownBlockersAndHostileNames() throws Exception {
        TestConnection away = server.register("ueaway", 6003, 0);
        away.request(new Request.Logout(away.nextId()), Response.Bye.class);
        TestConnection me = server.register("ueme", 6004, 0);
        TestConnection blocker = server.register("ueblock", 6005, 0);
        TestConnection friend = server.register("uefriend", 6006, 0);
        blocker.request(new Request.Block(blocker.nextId(), "ueme"), Response.Ok.class);

        Response.Error self = me.requestError(new Request.AuthorizeUpload(me.nextId(), "ueme", "a.mp4", 1, SHA));
        assertThat(self.code()).isEqualTo(ErrorCode.SELF);
        assertThat(self.message()).isEqualTo("Error. Cannot upload a file to yourself");
        Response.Error offline = me.requestError(new Request.AuthorizeUpload(me.nextId(), "ueaway", "a.mp4", 1, SHA));
        assertThat(offline.code()).isEqualTo(ErrorCode.OFFLINE);
        assertThat(offline.message()).isEqualTo("ueaway is offline");
        assertThat(me.requestError(new Request.AuthorizeUpload(me.nextId(), "uenobody", "a.mp4", 1, SHA)).message())
                .isEqualTo("Error. Invalid user");
        assertThat(me.requestError(new Request.AuthorizeUpload(me.nextId(), "ueblock", "a.mp4", 1, SHA)).code())
                .isEqualTo(ErrorCode.BLOCKED_BY_RECIPIENT);
        for (String hostile : new String[] {"../etc/passwd", "dir/file", "..", "a\u0001b"}) {
            Response.Error bad = me.requestError(new Request.AuthorizeUpload(me.nextId(), "uefriend", hostile, 1, SHA));
            assertThat(bad.code()).as(hostile).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(bad.message()).as(hostile).isEqualTo("Error. Invalid file name");
        }
        friend.sync();
        blocker.sync();
        assertThat(friend.keptOf(Event.UploadIncoming.class)).isEmpty();
        assertThat(blocker.keptOf(Event.UploadIncoming.class)).isEmpty();
    }
}
