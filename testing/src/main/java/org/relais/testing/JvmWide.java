package org.relais.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Calls a static method on the copy of its class that the JVM's own class loader holds, so that its static state is
 * one per test JVM. Quarkus loads the application and its test dependencies anew for each test profile (and closes
 * those class loaders when that application stops), so a static field of a class of this module would otherwise be
 * one per application, and an object kept for the JVM's lifetime could be left with a closed class loader. Arguments
 * and results cross class loaders: JDK types only.
 */
final class JvmWide {

    private JvmWide() {
    }

    static Object call(Class<?> owner, String method, Class<?>[] parameterTypes, Object... arguments) {
        Class<?> copy = jvmCopy(owner);
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // Libraries that look up their services through the context class loader (Testcontainers, Kafka) must find
        // them beside their own classes, and so must threads the call starts.
        thread.setContextClassLoader(copy.getClassLoader());
        try {
            Method target = copy.getDeclaredMethod(method, parameterTypes);
            target.setAccessible(true);
            return target.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + owner.getName() + "." + method, e);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    /** The class as the JVM's class loader has it; the caller's own when that loader cannot see it (an IDE runner). */
    private static Class<?> jvmCopy(Class<?> owner) {
        try {
            return Class.forName(owner.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            return owner;
        }
    }
}
