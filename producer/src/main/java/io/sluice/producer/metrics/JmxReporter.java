package io.sluice.producer.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Publishes a producer's metrics as JMX beans under the names kafka-clients uses, so JMX exporters' rules work
 * unchanged: one bean per group and tag set, {@code kafka.producer:type=<group>,<tag>=<value>,...} (e.g. {@code
 * kafka.producer:type=producer-metrics,client-id=X}), one attribute per metric, named as the metric. A tag value
 * with characters other than letters, digits, {@code _ - % .}, space and tab is quoted ({@link ObjectName#quote}).
 *
 * <p>The default of {@code metric.reporters} ({@code org.apache.kafka.common.metrics.JmxReporter}) means this
 * class. A bean is registered when its first metric appears and unregistered when the producer closes. When another
 * producer with the same {@code client.id} already holds a bean's name, this one logs a warning and leaves that
 * bean alone: the first producer keeps its beans.
 */
public final class JmxReporter implements MetricsReporter {
    private static final System.Logger LOG = System.getLogger(JmxReporter.class.getName());
    /** The JMX domain of producer beans in kafka-clients. */
    public static final String DOMAIN = "kafka.producer";

    private final MBeanServer server;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<ObjectName, Bean> beans = new HashMap<>();

    /** Publishes to the platform MBean server. */
    public JmxReporter() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    /** Publishes to {@code server}. */
    public JmxReporter(MBeanServer server) {
        this.server = server;
    }

    @Override
    public void init(List<Metric> metrics) {
        lock.lock();
        try {
            List<Bean> touched = new ArrayList<>();
            for (Metric m : metrics) {
                Bean bean = beanFor(m.metricName());
                bean.attributes.put(m.metricName().name(), m);
                if (!touched.contains(bean)) {
                    touched.add(bean);
                }
            }
            for (Bean bean : touched) {
                publish(bean);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void metricChange(Metric metric) {
        lock.lock();
        try {
            Bean bean = beanFor(metric.metricName());
            bean.attributes.put(metric.metricName().name(), metric);
            publish(bean);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void metricRemoval(Metric metric) {
        lock.lock();
        try {
            ObjectName name = objectName(metric.metricName());
            Bean bean = beans.get(name);
            if (bean == null) {
                return;
            }
            bean.attributes.remove(metric.metricName().name());
            if (bean.attributes.isEmpty()) {
                beans.remove(name);
                unpublish(bean);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            for (Bean bean : beans.values()) {
                unpublish(bean);
            }
            beans.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the JMX name kafka-clients gives the bean of a metric's group and tags.
     *
     * @throws IllegalArgumentException when the name cannot be a JMX name
     */
    public static ObjectName objectName(MetricName metric) {
        StringBuilder sb = new StringBuilder(DOMAIN).append(":type=").append(metric.group());
        for (Map.Entry<String, String> tag : metric.tags().entrySet()) {
            if (tag.getKey().isEmpty()
                    || tag.getValue() == null
                    || tag.getValue().isEmpty()) {
                continue;
            }
            sb.append(',').append(tag.getKey()).append('=').append(sanitize(tag.getValue()));
        }
        try {
            return new ObjectName(sb.toString());
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("not a JMX name: " + sb, e);
        }
    }

    private static String sanitize(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = Character.isLetterOrDigit(c) && c < 128
                    || c == '_'
                    || c == '-'
                    || c == '%'
                    || c == '.'
                    || c == ' '
                    || c == '\t';
            if (!plain) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private Bean beanFor(MetricName metric) {
        return beans.computeIfAbsent(objectName(metric), Bean::new);
    }

    /** (Re-)registers the bean so JMX clients see its current attributes; a name held by another stays theirs. */
    private void publish(Bean bean) {
        if (bean.refused) {
            return;
        }
        try {
            if (bean.registered) {
                server.unregisterMBean(bean.name);
                bean.registered = false;
            }
            server.registerMBean(bean, bean.name);
            bean.registered = true;
        } catch (InstanceAlreadyExistsException e) {
            bean.refused = true;
            LOG.log(
                    Level.WARNING,
                    "JMX bean {0} is already registered, most likely by another producer with the same client.id;"
                            + " this producer''s metrics stay off JMX under that name (give each producer its own"
                            + " client.id)",
                    bean.name);
        } catch (JMException e) {
            LOG.log(Level.WARNING, "could not register JMX bean " + bean.name, e);
        }
    }

    private void unpublish(Bean bean) {
        if (!bean.registered) {
            return;
        }
        try {
            server.unregisterMBean(bean.name);
        } catch (JMException e) {
            LOG.log(Level.DEBUG, "could not unregister JMX bean " + bean.name, e);
        }
        bean.registered = false;
    }

    /** The metrics of one group and tag set, read live as attributes. */
    private static final class Bean implements DynamicMBean {
        final ObjectName name;
        final Map<String, Metric> attributes = new ConcurrentHashMap<>();
        boolean registered;
        boolean refused;

        Bean(ObjectName name) {
            this.name = name;
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            Metric metric = attributes.get(attribute);
            if (metric == null) {
                throw new AttributeNotFoundException(attribute + " is not a metric of " + name);
            }
            return metric.value();
        }

        @Override
        public AttributeList getAttributes(String[] names) {
            AttributeList list = new AttributeList();
            for (String n : names) {
                Metric metric = attributes.get(n);
                if (metric != null) {
                    list.add(new Attribute(n, metric.value()));
                }
            }
            return list;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            List<MBeanAttributeInfo> infos = new ArrayList<>();
            attributes.forEach((n, m) -> infos.add(new MBeanAttributeInfo(
                    n, double.class.getName(), m.metricName().description(), true, false, false)));
            return new MBeanInfo(
                    Bean.class.getName(),
                    "Producer metrics of " + name,
                    infos.toArray(new MBeanAttributeInfo[0]),
                    null,
                    null,
                    null);
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException("producer metrics are read-only");
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            throw new UnsupportedOperationException("producer metrics are read-only");
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("producer metric beans have no operations");
        }
    }
}
