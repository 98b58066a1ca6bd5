package io.emrdag.deploy;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a deploy goes, as the user writes it: {@code s3://bucket/prefix/}, {@code mwaa:ENVIRONMENT} (the
 * environment's own bucket and DAG folder), or a local folder path (a self-hosted Airflow's DAG folder).
 */
public sealed interface DeployTarget {

    /** A bucket and a key prefix ("" or ending in '/'). */
    record S3(String bucket, String prefix) implements DeployTarget {
    }

    /** An MWAA environment by name. */
    record Mwaa(String name) implements DeployTarget {
    }

    /** A local folder. */
    record Local(Path folder) implements DeployTarget {
    }

    /** S3's bucket naming rules (general purpose buckets). */
    Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** MWAA's environment naming rules. */
    Pattern ENVIRONMENT = Pattern.compile("[a-zA-Z][0-9a-zA-Z_-]{0,79}");

    static DeployTarget parse(String text) {
        if (text == null || text.isBlank()) {
            throw new DeployTargetException("no deploy target given"
                    + System.lineSeparator() + "  hint: --target s3://bucket/dags/, --target mwaa:my-environment or --target /path/to/dags");
        }
        if (text.startsWith("s3://")) {
            String rest = text.substring("s3://".length());
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (!BUCKET.matcher(bucket).matches()) {
                throw new DeployTargetException("not an S3 bucket name in " + text + ": '" + bucket + "'"
                        + System.lineSeparator() + "  hint: write s3://bucket/prefix/ (3-63 lower-case letters, digits, '.', '-')");
            }
            if (prefix.startsWith("/") || prefix.contains("//")) {
                throw new DeployTargetException("the S3 prefix in " + text + " has an empty folder name ('//')"
                        + System.lineSeparator() + "  hint: write s3://" + bucket + "/dags/");
            }
            return new S3(bucket, prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/");
        }
        if (text.startsWith("mwaa:")) {
            String name = text.substring("mwaa:".length());
            if (!ENVIRONMENT.matcher(name).matches()) {
                throw new DeployTargetException("not an MWAA environment name: '" + name + "'"
                        + System.lineSeparator() + "  hint: write mwaa:ENVIRONMENT_NAME (a letter, then letters, digits, '-' or '_')");
            }
            return new Mwaa(name);
        }
        if (text.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            throw new DeployTargetException("unsupported deploy target " + text
                    + System.lineSeparator() + "  hint: s3://bucket/prefix/, mwaa:ENVIRONMENT or a local folder path");
        }
        return new Local(Path.of(text));
    }
}
