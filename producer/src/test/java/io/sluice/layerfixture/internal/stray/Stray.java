package io.sluice.layerfixture.internal.stray;

/** A package no layer lists. */
public final class Stray {}
