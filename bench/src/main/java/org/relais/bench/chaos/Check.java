package org.relais.bench.chaos;

/** One figure of the chaos report: a name, the measured value, and whether the invariant holds. */
public record Check(String name, String figure, Status status) {

    public enum Status { OK, FAIL, INFO, WARN }

    public static Check ok(String name, Object figure, boolean ok) {
        return new Check(name, String.valueOf(figure), ok ? Status.OK : Status.FAIL);
    }

    public static Check zero(String name, long count) {
        return new Check(name, String.valueOf(count), count == 0 ? Status.OK : Status.FAIL);
    }

    public static Check info(String name, Object figure) {
        return new Check(name, String.valueOf(figure), Status.INFO);
    }

    public static Check warn(String name, long count) {
        return new Check(name, String.valueOf(count), count == 0 ? Status.OK : Status.WARN);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    public String line() {
        return String.format("%-4s %-72s %s", status, name, figure);
    }
}
