package io.sluice.bench.compare;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything a comparison measured: per configuration, per client, the counted runs. Not thread-safe. */
final class Results {
    /** The extra figure measured from outside the producer: the broker's CPU per record during a run. */
    static final String BROKER_CPU = "broker_cpu_us_per_record";

    private final String arguments;
    private final Instant started;
    private final List<String> clients;
    private final List<ConfigResults> configs = new ArrayList<>();
    private Instant finished;

    Results(String arguments, Instant started, List<String> clients) {
        this.arguments = arguments;
        this.started = started;
        this.clients = clients;
    }

    ConfigResults add(BenchConfig config) {
        ConfigResults cr = new ConfigResults(config, clients);
        configs.add(cr);
        return cr;
    }

    void finish(Instant at) {
        finished = at;
    }

    String arguments() {
        return arguments;
    }

    Instant started() {
        return started;
    }

    Instant finished() {
        return finished;
    }

    List<String> clients() {
        return clients;
    }

    List<ConfigResults> configs() {
        return configs;
    }

    /** Runs that failed, over every configuration. */
    int failures() {
        return configs.stream().mapToInt(c -> c.failures.size()).sum();
    }

    /** The display name of a client. */
    static String display(String client) {
        return switch (client) {
            case "kafka" -> "kafka-clients";
            case "sluice" -> "sluice";
            case "sluice-kafka" -> "sluice (kafka-clients API)";
            default -> client;
        };
    }

    /** One configuration's runs. */
    static final class ConfigResults {
        private final BenchConfig config;
        private final Map<String, List<RunResult>> runs = new LinkedHashMap<>();
        private final Map<String, List<Double>> brokerCpu = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();

        ConfigResults(BenchConfig config, List<String> clients) {
            this.config = config;
            for (String c : clients) {
                runs.put(c, new ArrayList<>());
                brokerCpu.put(c, new ArrayList<>());
            }
        }

        void add(String client, RunResult result, double brokerCpuMicrosPerRecord) {
            runs.get(client).add(result);
            if (!Double.isNaN(brokerCpuMicrosPerRecord)) {
                brokerCpu.get(client).add(brokerCpuMicrosPerRecord);
            }
        }

        void fail(String client, String why) {
            failures.add(client + ": " + why);
        }

        BenchConfig config() {
            return config;
        }

        Map<String, List<RunResult>> runs() {
            return runs;
        }

        List<String> failures() {
            return failures;
        }

        /** Figure name to its values over the client's counted runs, broker CPU included. */
        Map<String, List<Double>> values(String client) {
            Map<String, List<Double>> byFigure = new LinkedHashMap<>();
            for (RunResult r : runs.get(client)) {
                r.figures()
                        .forEach((k, v) -> byFigure.computeIfAbsent(k, x -> new ArrayList<>())
                                .add(v));
            }
            byFigure.put(BROKER_CPU, brokerCpu.get(client));
            return byFigure;
        }

        /** Figure name to the spread of its values over the client's counted runs. */
        Map<String, Spread> spreads(String client) {
            Map<String, Spread> m = new LinkedHashMap<>();
            values(client).forEach((k, v) -> m.put(k, Spread.of(v)));
            return m;
        }

        /** Sluice's median over kafka-clients' for one figure; NaN without both. */
        double ratio(String figure) {
            return ratio("sluice", "kafka", figure);
        }

        /** Client {@code a}'s median over client {@code b}'s for one figure; NaN without both. */
        double ratio(String a, String b, String figure) {
            if (!runs.containsKey(a) || !runs.containsKey(b)) {
                return Double.NaN;
            }
            double numerator =
                    Spread.of(values(a).getOrDefault(figure, List.of())).median();
            double denominator =
                    Spread.of(values(b).getOrDefault(figure, List.of())).median();
            return denominator == 0 || Double.isNaN(denominator) ? Double.NaN : numerator / denominator;
        }
    }
}
