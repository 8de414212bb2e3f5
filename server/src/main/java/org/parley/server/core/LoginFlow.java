package org.parley.server.core;

import java.util.HashSet;
import java.util.Set;
import org.parley.protocol.ErrorCode;
import org.parley.protocol.Request;
import org.parley.protocol.Response.LoginPrompt.Prompt;
import org.parley.protocol.Response;
import org.parley.server.account.HashingService;
import org.parley.server.account.LoginLockout;
import org.parley.server.account.LoginThrottle;
import org.parley.server.account.RegistrationGate;
import org.parley.server.core.metrics.LoginFailure;
import org.parley.server.core.bus.ClusterEvent;
import org.parley.server.core.store.AccountRecord;
import org.parley.server.core.store.ClusterDirectory;

/**
 * SPEC 2.2: username, then password (or a new password for a new user), with lockout after repeated
 * failures and throttling before any hash is computed. Nothing about an account's state (online,
 * blocked by lockout) is answered before its password has been given. Hashes run on the hashing service's threads;
 * the outcome comes back to the core thread.
 */
final class LoginFlow {

    private final CoreContext ctx;
    private final SessionLifecycle lifecycle;
    private final HashingService hashing;
    private final LoginLockout lockout;
    private final LoginThrottle throttle;
    private final RegistrationGate registrations;
    private final AccountFile accountFile;
    private final Set<String> registering = new HashSet<>();

    LoginFlow(CoreContext ctx, SessionLifecycle lifecycle, HashingService hashing, LoginLockout lockout,
            LoginThrottle throttle, RegistrationGate registrations, AccountFile accountFile) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.hashing = hashing;
        this.lockout = lockout;
        this.throttle = throttle;
        this.registrations = registrations;
        this.accountFile = accountFile;
    }

    void username(Session session, Request.LoginUser req) {
        if (session.phase() != Session.Phase.GREETED && session.phase() != Session.Phase.AWAITING_PASSWORD) {
            outOfOrder(session, req.id());
            return;
        }
        if (session.passwordCheckInFlight()) {
            Reply.error(session, req.id(), ErrorCode.NOT_LOGGED_IN, "Error. A password check is already in progress");
            return;
        }
        String user = req.username();
        if (ctx.exists(user)) {
            // Online or not, a known user is asked for the password: saying "already logged in" here
            // would tell any unauthenticated connection who is online, and so undo what block hides.
            // The duplicate is refused after the right password (verified).
            session.awaitPassword(user, false);
            session.out().send(new Response.LoginPrompt(req.id(), Prompt.PASSWORD));
        } else if (ctx.config.registration() && !registering.contains(user)) {
            if (accountLimitReached(session, req.id(), user)) {
                return;
            }
            session.awaitPassword(user, true);
            session.out().send(new Response.LoginPrompt(req.id(), Prompt.NEW_PASSWORD));
        } else {
            session.phase(Session.Phase.GREETED);
            ctx.metrics.loginFailed(LoginFailure.UNKNOWN_USER);
            Reply.invalidUser(session, req.id());
            ctx.console.record(session, "tried unknown user " + user);
        }
    }

    void password(Session session, Request.LoginPassword req) {
        if (session.phase() != Session.Phase.AWAITING_PASSWORD || session.passwordCheckInFlight()) {
            outOfOrder(session, req.id());
            return;
        }
        // Throttled here, where the hash would be computed, so naming the user costs nothing and
        // guessing cannot burn the server's CPU (SPEC 2.2 step 5).
        if (!session.registering() && lockout.isBlocked(session.username())) {
            blocked(session, req.id(), ErrorCode.ACCOUNT_BLOCKED,
                    "Your account is blocked due to multiple login failures. Please try again later");
            return;
        }
        if (!throttle.tryAcquire(session.ip(), session.username())) {
            throttled(session, req.id(), session.username());
            return;
        }
        if (session.registering()) {
            register(session, req);
        } else {
            verify(session, req);
        }
    }

    private void verify(Session session, Request.LoginPassword req) {
        String user = session.username();
        session.passwordCheckInFlight(true);
        ctx.then(hashing.verify(req.password().toCharArray(), ctx.accounts.get(user)), (ok, err) -> {
            if (err != null) {
                // Not a wrong password: the hash could not be computed. No lockout strike for it.
                session.passwordCheckInFlight(false);
                failed(session, req.id(), "checking the password of " + user, err);
            } else {
                verified(session, req, Boolean.TRUE.equals(ok));
            }
        });
    }

    /** Logs the failure once; answers it if the connection still waits for this login step. */
    private void failed(Session session, long id, String doing, Throwable err) {
        ctx.metrics.loginFailed(LoginFailure.ERROR);
        if (session.phase() == Session.Phase.AWAITING_PASSWORD) {
            session.phase(Session.Phase.GREETED);
            Reply.internal(session, id, doing, err);
        } else {
            Faults.log(doing, session, err);
        }
    }

    private void verified(Session session, Request.LoginPassword req, boolean ok) {
        session.passwordCheckInFlight(false);
        if (session.phase() != Session.Phase.AWAITING_PASSWORD) {
            return; // the connection went away while the hash ran
        }
        String user = session.username();
        if (lockout.isBlocked(user)) {
            blocked(session, req.id(), ErrorCode.ACCOUNT_BLOCKED,
                    "Your account is blocked due to multiple login failures. Please try again later");
            return;
        }
        if (!ok) {
            lockout.recordFailure(user);
            if (lockout.isBlocked(user)) {
                blocked(session, req.id(), ErrorCode.ACCOUNT_BLOCKED_NOW,
                        "Invalid Password. Your account has been blocked. Please try again later");
            } else {
                ctx.metrics.loginFailed(LoginFailure.WRONG_PASSWORD);
                Reply.error(session, req.id(), ErrorCode.INVALID_PASSWORD, "Invalid Password. Please try again");
                ctx.console.record(session, "wrong password (from " + session.ip() + ")");
            }
            return;
        }
        lockout.recordSuccess(user);
        if (ctx.presence.isOnline(user)) {
            alreadyLoggedIn(session, req.id(), user);
            return;
        }
        admit(session, req);
    }

    private void alreadyLoggedIn(Session session, long id, String user) {
        session.phase(Session.Phase.GREETED);
        ctx.metrics.loginFailed(LoginFailure.ALREADY_LOGGED_IN);
        Reply.error(session, id, ErrorCode.ALREADY_LOGGED_IN, user + " is already logged in");
        ctx.console.record(session, "tried to log in as " + user + ": already logged in");
    }

    /**
     * The password was right: the session starts. In cluster mode only once this node holds the user's
     * claim in the database, which a login on any other node would already hold.
     */
    private void admit(Session session, Request.LoginPassword req) {
        String user = session.username();
        if (!ctx.cluster.enabled()) {
            session.out().loggedInAs(user);
            lifecycle.start(session, req.id(), req.udpPort(), req.privatePort());
            return;
        }
        long loginAt = ctx.now();
        String node = ctx.cluster.node();
        session.passwordCheckInFlight(true);
        var claim = new ClusterDirectory.Claim(user, node, loginAt, session.ip(), req.udpPort(), req.privatePort());
        ctx.then(ctx.cluster.directory().claim(claim), (claimed, err) -> {
            session.passwordCheckInFlight(false);
            if (err != null) {
                failed(session, req.id(), "claiming the login of " + user, err);
                return;
            }
            if (!Boolean.TRUE.equals(claimed)) {
                if (session.phase() == Session.Phase.AWAITING_PASSWORD) {
                    alreadyLoggedIn(session, req.id(), user);
                }
                return;
            }
            if (session.phase() != Session.Phase.AWAITING_PASSWORD || ctx.presence.isOnline(user)) {
                // gone while claiming, or another local session won meanwhile: the claim is not used
                ctx.then(ctx.cluster.directory().release(user, node, loginAt), (v, e) -> {
                    if (e != null) {
                        Faults.log("releasing an unused login claim of " + user, "the server", e);
                    }
                });
                if (session.phase() == Session.Phase.AWAITING_PASSWORD) {
                    alreadyLoggedIn(session, req.id(), user);
                }
                return;
            }
            session.out().loggedInAs(user);
            lifecycle.start(session, req.id(), req.udpPort(), req.privatePort(), loginAt);
        });
    }

    private void register(Session session, Request.LoginPassword req) {
        String user = session.username();
        if (ctx.exists(user) || registering.contains(user)) {
            session.phase(Session.Phase.GREETED);
            ctx.metrics.loginFailed(LoginFailure.REGISTRATION_REFUSED);
            Reply.error(session, req.id(), ErrorCode.INVALID_USER, "Error. " + user + " was just taken, choose another username");
            return;
        }
        // Checked again: others may have registered while this user typed the password.
        if (accountLimitReached(session, req.id(), user)) {
            return;
        }
        // After the login throttle (per address) and before any hashing: the server-wide bound.
        if (!registrations.tryAcquire()) {
            session.phase(Session.Phase.GREETED);
            ctx.metrics.loginFailed(LoginFailure.REGISTRATION_REFUSED);
            Reply.error(session, req.id(), ErrorCode.REGISTRATION_RATE_LIMITED,
                    "Error. Too many new accounts are being created; please try again in a minute");
            ctx.console.record(session, "registration of " + user + " refused: registration rate reached");
            return;
        }
        registering.add(user);
        session.passwordCheckInFlight(true);
        var stored = hashing.hash(req.password().toCharArray())
                .thenApply(hash -> {
                    appendToFile(user, hash);
                    return hash;
                })
                .thenCompose(hash -> ctx.store.saveAccount(new AccountRecord(user, hash)).thenApply(v -> hash));
        ctx.then(stored, (hash, err) -> registered(session, req, hash, err));
    }

    /** Refuses (and says so) when the cap would be passed; accounts being registered count too. */
    private boolean accountLimitReached(Session session, long id, String user) {
        if (!registrations.full(ctx.accounts.size() + registering.size())) {
            return false;
        }
        session.phase(Session.Phase.GREETED);
        ctx.metrics.loginFailed(LoginFailure.REGISTRATION_REFUSED);
        Reply.error(session, id, ErrorCode.ACCOUNT_LIMIT_REACHED, "Error. This server accepts no new accounts");
        ctx.console.record(session, "registration of " + user + " refused: " + registrations.maxAccounts() + " accounts");
        return true;
    }

    private void appendToFile(String user, String hash) {
        try {
            accountFile.append(user, hash);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void registered(Session session, Request.LoginPassword req, String hash, Throwable err) {
        String user = session.username();
        registering.remove(user);
        session.passwordCheckInFlight(false);
        if (err != null) {
            ctx.console.record(session, "registration of " + user + " failed");
            failed(session, req.id(), "registering " + user, err);
            return;
        }
        ctx.accounts.put(user, hash);
        ctx.cluster.publish(new ClusterEvent.AccountAdded(ctx.cluster.node(), user, hash));
        ctx.console.record(user, "registered");
        if (session.phase() == Session.Phase.AWAITING_PASSWORD) {
            admit(session, req);
        }
    }

    private void blocked(Session session, long id, ErrorCode code, String message) {
        ctx.metrics.loginFailed(LoginFailure.ACCOUNT_BLOCKED);
        Reply.error(session, id, code, message);
        // The address, so that an operator can tell who keeps an account locked (docs/SECURITY.md).
        ctx.console.record(session, message + " (from " + session.ip() + ")");
        lifecycle.end(session, "blocked");
        session.out().close();
    }

    private void throttled(Session session, long id, String user) {
        ctx.metrics.loginFailed(LoginFailure.THROTTLED);
        Reply.error(session, id, ErrorCode.THROTTLED, "Error. Too many login attempts. Please wait a moment and try again");
        ctx.console.record(session, "throttled logging in as " + user);
    }

    private void outOfOrder(Session session, long id) {
        if (session.isLoggedIn()) {
            Reply.error(session, id, ErrorCode.ALREADY_LOGGED_IN_HERE, "Error. You are already logged in");
        } else {
            Reply.error(session, id, ErrorCode.NOT_LOGGED_IN, "Error. Send a username first");
        }
    }
}
