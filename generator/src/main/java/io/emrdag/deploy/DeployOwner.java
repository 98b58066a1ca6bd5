package io.emrdag.deploy;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Who runs a deploy, as {@code user@host} (CI job where known), so that a blocked deploy can name the holder of the lock. */
public final class DeployOwner {

    private DeployOwner() {
    }

    /** {@code user@host pid N}, plus the CI job id where a known CI sets one. */
    public static String current() {
        String user = System.getProperty("user.name", "unknown");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String job = firstSet("GITHUB_RUN_ID", "CI_JOB_ID", "BUILD_TAG", "CODEBUILD_BUILD_ID");
        return user + "@" + host + " pid " + ProcessHandle.current().pid() + (job == null ? "" : " job " + job);
    }

    private static String firstSet(String... names) {
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
