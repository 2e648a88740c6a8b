package org.relais.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Postal codes that keep a test's facilities and referrals apart from every other test's in the same run: "9" + 4
 * digits, handed out in turn, never twice in one test JVM. Each module's run starts on an empty database and broker
 * of its own ({@link RelaisInfrastructure}), so nothing from outside the run can be in these codes.
 */
public final class TestAreas {

    private static final int CODES = 10_000;
    private static final AtomicInteger HANDED_OUT = new AtomicInteger();

    private TestAreas() {
    }

    /** A code no other caller in this JVM got. */
    public static String next() {
        // One sequence for the JVM, even across the class loaders of its test profiles' applications.
        int n = (Integer) JvmWide.call(TestAreas.class, "handOut", new Class<?>[0]);
        if (n >= CODES) {
            throw new IllegalStateException("all " + CODES + " test postal codes 9xxxx are taken in this run");
        }
        return "9" + String.format("%04d", n);
    }

    private static int handOut() {
        return HANDED_OUT.getAndIncrement();
    }
}
