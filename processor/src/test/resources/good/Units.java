package com.acme;

/** A transitive dependency of EveryAttribute, through Schema. */
final class Units {
    private Units() {
    }

    static final String METRES = "m";
}
