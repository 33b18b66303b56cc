package io.sluice.producer.layering;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The producer's dependency rules, read from compiled classes (so fully qualified names count as much as imports):
 *
 * <ol>
 *   <li>Inside {@code internal}, each package sits in one layer and depends only on layers below its own:
 *       {@code send -> txn | telemetry -> idempotence -> accumulate -> metadata | security -> net.sasl -> net.sasl.oauth ->
 *       net.tls -> net -> metrics -> time}. Packages of one layer do not depend on each other.
 *   <li>The API packages are the vocabulary every layer may use; of them only the classes that assemble the
 *       producer reach into {@code internal}.
 *   <li>No two classes of different packages depend on each other.
 * </ol>
 */
final class LayerRule {
    /** Top first. A package not listed here is a violation until it is given its place. */
    static final List<List<String>> INTERNAL_LAYERS = List.of(
            List.of("send"),
            List.of("txn", "telemetry"),
            List.of("idempotence"),
            List.of("accumulate"),
            List.of("metadata", "security"),
            List.of("net.sasl"),
            List.of("net.sasl.oauth"),
            List.of("net.tls"),
            List.of("net"),
            List.of("metrics"),
            List.of("time"));

    /** The API classes that build the producer out of its internal parts. */
    static final Set<String> ASSEMBLY = Set.of("SluiceProducer", "MetricsSetup");

    private final String root;
    private final String internal;
    private final Map<String, Integer> rankOf = new HashMap<>();

    /** @param root the producer's root package, e.g. {@code io.sluice.producer} */
    LayerRule(String root) {
        this.root = root;
        this.internal = root + ".internal";
        for (int i = 0; i < INTERNAL_LAYERS.size(); i++) {
            for (String p : INTERNAL_LAYERS.get(i)) {
                rankOf.put(internal + "." + p, i);
            }
        }
    }

    /** Returns every broken rule, one line each, in a stable order; empty when the classes keep them all. */
    List<String> violations(JavaClasses classes) {
        Set<String> found = new TreeSet<>();
        Map<String, Set<String>> edges = new HashMap<>();
        for (JavaClass origin : classes) {
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass();
                String from = topLevel(origin);
                String to = topLevel(target);
                if (!to.startsWith(root + ".") || from.equals(to)) {
                    continue;
                }
                edges.computeIfAbsent(from, k -> new TreeSet<>()).add(to);
                String problem = layerProblem(from, to);
                if (problem != null) {
                    found.add(problem);
                }
            }
        }
        edges.forEach((from, targets) -> {
            for (String to : targets) {
                if (!packageOf(from).equals(packageOf(to))
                        && edges.getOrDefault(to, Set.of()).contains(from)
                        && from.compareTo(to) < 0) {
                    found.add(from + " and " + to + " depend on each other");
                }
            }
        });
        return new ArrayList<>(found);
    }

    private String layerProblem(String from, String to) {
        String fromPackage = packageOf(from);
        String toPackage = packageOf(to);
        if (!isInternal(toPackage) || fromPackage.equals(toPackage)) {
            return null;
        }
        if (!isInternal(fromPackage)) {
            boolean assembly = fromPackage.equals(root) && ASSEMBLY.contains(simpleName(from));
            return assembly ? null : "API class " + from + " depends on internal " + to;
        }
        Integer fromRank = rankOf.get(fromPackage);
        Integer toRank = rankOf.get(toPackage);
        if (fromRank == null || toRank == null) {
            return "package " + (fromRank == null ? fromPackage : toPackage) + " has no layer in LayerRule";
        }
        if (fromRank >= toRank) {
            return from + " (" + layerName(fromRank) + ") depends on " + to + " (" + layerName(toRank)
                    + "), which is not below it";
        }
        return null;
    }

    private boolean isInternal(String pkg) {
        return pkg.equals(internal) || pkg.startsWith(internal + ".");
    }

    private static String layerName(int rank) {
        return String.join(" | ", INTERNAL_LAYERS.get(rank));
    }

    private static String topLevel(JavaClass c) {
        String name = c.getName();
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
