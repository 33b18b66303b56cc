package io.sluice.cli;

/** Which settings hold secrets, so printouts show {@code [hidden]} instead of their values. */
final class Secrets {
    private Secrets() {}

    static boolean isSecret(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".password") || n.equals("sasl.jaas.config") || n.endsWith(".key") || n.contains("secret");
    }
}
