package org.parley.protocol;

/** One line of ATU: who, from where, their UDP port, and since when (epoch milliseconds). */
public record ActiveUser(String username, String ip, int udpPort, long since) {}
