package io.sluice.bench.compare;

import java.util.List;

/**
 * The median of one figure over a client's rounds, and its spread (lowest and highest).
 *
 * @param median the middle value (mean of the middle two for an even count)
 * @param min the lowest value
 * @param max the highest value
 * @param count how many rounds
 */
record Spread(double median, double min, double max, int count) {
    /** The spread of {@code values}; all NaN when there are none. */
    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Spread(median, v[0], v[n - 1], n);
    }

    /** Half the range as a share of the median, in percent: "median ± this". */
    double plusMinusPercent() {
        return median == 0 ? 0 : (max - min) / 2 / Math.abs(median) * 100;
    }
}
