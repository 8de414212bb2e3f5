package org.parley.protocol;

/**
 * Why a private link was refused after the server introduced the two sides: a certificate did not match
 * the fingerprint the server handed over. Only the connecting side can tell (the listening side cannot
 * know who a refused stranger was), so it reports it and the server tells the other side.
 */
public enum LinkRefusal {
    /** The target's port presented another certificate than the fingerprint the target sent. */
    WRONG_KEY,
    /** The target refused the asker's certificate: it was given another fingerprint for the asker. */
    KEY_REFUSED
}
