package io.sluice.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The files of one {@link VersionedBroker} node in its data root: its server properties, a logging configuration
 * for each backend a Kafka version may use (log4j 1 properties for reload4j, log4j 2 XML), and the log file its
 * processes append their output to.
 */
record NodeFiles(Path serverProperties, Path log4j1Config, Path log4j2Config, Path log) {
    private static final int LOG_TAIL_LINES = 40;

    /** WARN and above on stdout, which the process writes to the node's log file. */
    private static final String LOG4J1 = String.join(
            "\n",
            "log4j.rootLogger=WARN, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "");

    private static final String LOG4J2 = String.join(
            "\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<Configuration status=\"WARN\">",
            "  <Appenders>",
            "    <Console name=\"stdout\" target=\"SYSTEM_OUT\">",
            "      <PatternLayout pattern=\"[%d] %p %m (%c)%n\"/>",
            "    </Console>",
            "  </Appenders>",
            "  <Loggers>",
            "    <Root level=\"WARN\"><AppenderRef ref=\"stdout\"/></Root>",
            "  </Loggers>",
            "</Configuration>",
            "");

    /** Writes the configuration files under {@code root}. */
    static NodeFiles write(Path root, Map<String, String> config) {
        NodeFiles files = new NodeFiles(
                root.resolve("server.properties"),
                root.resolve("log4j.properties"),
                root.resolve("log4j2.xml"),
                root.resolve("node.log"));
        Properties properties = new Properties();
        properties.putAll(config);
        try (Writer writer = Files.newBufferedWriter(files.serverProperties, StandardCharsets.UTF_8)) {
            properties.store(writer, "a single combined KRaft node");
            Files.writeString(files.log4j1Config, LOG4J1, StandardCharsets.UTF_8);
            Files.writeString(files.log4j2Config, LOG4J2, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the node's files under " + root, e);
        }
        return files;
    }

    /** The last lines of the log, for a failure message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
