package io.sluice.testkit;

import java.io.File;

/** The class path a child JVM started by a test needs to see what the test sees. */
public final class ChildClassPath {
    private ChildClassPath() {}

    /**
     * This JVM's module path followed by its class path: tests of a module with a descriptor run with that module
     * (and what it requires) on the module path, and a child started with {@code -cp} runs everything from the class
     * path.
     */
    public static String ofThisJvm() {
        String modulePath = System.getProperty("jdk.module.path");
        String classPath = System.getProperty("java.class.path");
        return modulePath == null || modulePath.isEmpty() ? classPath : modulePath + File.pathSeparator + classPath;
    }
}
