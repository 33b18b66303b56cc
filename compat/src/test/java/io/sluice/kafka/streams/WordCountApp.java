package io.sluice.kafka.streams;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka Streams word count under {@code exactly_once_v2} on {@link SluiceClientSupplier}: each input value is a
 * word, each output record the word's new count. Caching is off, so every input word yields one output count.
 */
final class WordCountApp {
    private WordCountApp() {}

    static KafkaStreams start(String bootstrap, String applicationId, String input, String output, Path stateDir) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.<String, String>stream(input)
                .groupBy((key, word) -> word)
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        Properties props = new Properties();
        props.put("application.id", applicationId);
        props.put("bootstrap.servers", bootstrap);
        props.put("processing.guarantee", "exactly_once_v2");
        props.put("commit.interval.ms", "200");
        props.put("statestore.cache.max.bytes", "0");
        props.put("num.stream.threads", "1");
        props.put("state.dir", stateDir.toString());
        props.put("default.key.serde", Serdes.StringSerde.class.getName());
        props.put("default.value.serde", Serdes.StringSerde.class.getName());
        props.put("main.consumer.session.timeout.ms", "6000");
        props.put("main.consumer.heartbeat.interval.ms", "1000");
        props.put("producer.transaction.timeout.ms", "10000");
        KafkaStreams streams = new KafkaStreams(builder.build(), props, new SluiceClientSupplier());
        streams.start();
        return streams;
    }

    /** The child JVM's entry point: runs the word count until killed. Arguments: bootstrap, app id, in, out, dir. */
    public static void main(String[] args) throws InterruptedException {
        KafkaStreams streams = start(args[0], args[1], args[2], args[3], Path.of(args[4]));
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.println("RUNNING");
                System.out.flush();
            }
        });
        new CountDownLatch(1).await();
    }
}
