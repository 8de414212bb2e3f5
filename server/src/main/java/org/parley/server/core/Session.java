package org.parley.server.core;

import java.util.concurrent.Future;

/**
 * One connection's state. Touched only on the core thread, so it needs no locks; the fields a login
 * fills in are null or zero before it.
 */
public final class Session {

    enum Phase { NEW, GREETED, AWAITING_PASSWORD, LOGGED_IN, CLOSED }

    private final long connectionId;
    private final Outbound out;
    private final String ip;
    private Phase phase = Phase.NEW;
    private String username;
    private boolean registering;
    private int udpPort;
    private int privatePort;
    private long loginAt;
    private long lastActivityAt;
    private boolean passwordCheckInFlight;
    private DeliveryWindow delivery;
    /** The login deadline's timer task until the login or the end; null after. */
    private Future<?> loginDeadline;

    Session(long connectionId, Outbound out) {
        this.connectionId = connectionId;
        this.out = out;
        this.ip = out.remoteIp();
    }

    public long connectionId() {
        return connectionId;
    }

    public Outbound out() {
        return out;
    }

    public String ip() {
        return ip;
    }

    Phase phase() {
        return phase;
    }

    void phase(Phase phase) {
        this.phase = phase;
    }

    public boolean isLoggedIn() {
        return phase == Phase.LOGGED_IN;
    }

    public String username() {
        return username;
    }

    void awaitPassword(String username, boolean registering) {
        this.username = username;
        this.registering = registering;
        this.phase = Phase.AWAITING_PASSWORD;
    }

    boolean registering() {
        return registering;
    }

    void loggedIn(int udpPort, int privatePort, long at) {
        this.udpPort = udpPort;
        this.privatePort = privatePort;
        this.loginAt = at;
        this.lastActivityAt = at;
        this.phase = Phase.LOGGED_IN;
        cancelLoginDeadline();
    }

    void loginDeadline(Future<?> task) {
        this.loginDeadline = task;
    }

    /** The login is done or the session over: its deadline no longer needs a timer. */
    void cancelLoginDeadline() {
        if (loginDeadline != null) {
            loginDeadline.cancel(false);
            loginDeadline = null;
        }
    }

    public int udpPort() {
        return udpPort;
    }

    public int privatePort() {
        return privatePort;
    }

    public long loginAt() {
        return loginAt;
    }

    long lastActivityAt() {
        return lastActivityAt;
    }

    void touch(long at) {
        lastActivityAt = at;
    }

    boolean passwordCheckInFlight() {
        return passwordCheckInFlight;
    }

    void passwordCheckInFlight(boolean inFlight) {
        this.passwordCheckInFlight = inFlight;
    }

    /** Direct-message delivery state, from login on; null before. */
    DeliveryWindow delivery() {
        return delivery;
    }

    void delivery(DeliveryWindow window) {
        this.delivery = window;
    }

    @Override
    public String toString() {
        return username != null ? username : ip + "#" + connectionId;
    }
}
