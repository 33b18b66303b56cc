package io.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/** The validated options of {@code sluice perf}. */
record PerfOptions(
        String topic,
        long numRecords,
        int recordSize,
        Path payloadFile,
        String payloadDelimiter,
        double throughput,
        int partitions,
        short replicationFactor,
        boolean printMetrics,
        boolean json,
        Path reportDir) {

    static final String DEFAULT_TOPIC = "sluice-perf";

    static PerfOptions from(Flags f) {
        String topic = f.get("topic", DEFAULT_TOPIC);
        long numRecords = f.getLong("num-records", 1_000_000);
        if (numRecords < 1) {
            throw new UsageException("--num-records must be at least 1, got " + numRecords);
        }
        if (f.has("record-size") && f.has("payload-file")) {
            throw new UsageException("give either --record-size or --payload-file, not both");
        }
        int recordSize = f.getInt("record-size", 100);
        if (recordSize < 0) {
            throw new UsageException("--record-size must not be negative, got " + recordSize);
        }
        int partitions = f.getInt("partitions", 6);
        if (partitions < 1) {
            throw new UsageException("--partitions must be at least 1, got " + partitions);
        }
        int rf = f.getInt("replication-factor", 1);
        if (rf < 1 || rf > Short.MAX_VALUE) {
            throw new UsageException("--replication-factor must be at least 1, got " + rf);
        }
        String file = f.get("payload-file", null);
        String report = f.get("report", null);
        return new PerfOptions(
                topic,
                numRecords,
                recordSize,
                file == null ? null : Path.of(file),
                unescape(f.get("payload-delimiter", "\\n")),
                f.getDouble("throughput", -1),
                partitions,
                (short) rf,
                f.has("print-metrics"),
                f.has("json"),
                report == null ? null : Path.of(report));
    }

    /** The values to send: lines of the payload file, or one random value of {@code recordSize} bytes. */
    List<byte[]> payloads() {
        if (payloadFile == null) {
            byte[] value = new byte[recordSize];
            Random random = new Random(7);
            for (int i = 0; i < value.length; i++) {
                value[i] = (byte) ('A' + random.nextInt(26));
            }
            return List.of(value);
        }
        String text;
        try {
            text = Files.readString(payloadFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read --payload-file " + payloadFile + ": " + e.getMessage());
        }
        List<byte[]> out = new ArrayList<>();
        for (String part : text.split(Pattern.quote(payloadDelimiter))) {
            if (!part.isEmpty()) {
                out.add(part.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("--payload-file " + payloadFile + " holds no payloads");
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\n", "\n").replace("\\t", "\t").replace("\\r", "\r");
    }
}
