package io.sluice.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link KafkaCluster} parameter that {@link SharedKafka} fills with the shared cluster of one controller
 * and three brokers. An unmarked {@code KafkaCluster} parameter gets the shared single node.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ThreeBrokers {}
