package org.parley.protocol;

/** {@code RDM b} reads broadcasts, {@code RDM s} reads the caller's separate rooms. */
public enum HistoryKind { BROADCAST, ROOMS }
