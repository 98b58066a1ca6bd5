package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.model.Step;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a script reference: a full {@code s3://} URI as is ({@code s3n://} and {@code s3a://} too: see
 * {@link Shapes#EMR_S3_URI}), else relative to the project's scripts base. A URI with Jinja is rendered when the step
 * runs, so only its scheme is checked here.
 *
 * <p>A relative path is joined onto the base without a request to S3, so two slips would otherwise reach EMR as a
 * path under the base that does not exist: a misspelt scheme ({@code s3:/bucket/x.py}, {@code S3://…}) and a path
 * that starts with the base's own bucket ({@code acme-artifacts/spark/x.py}, the URI without its scheme). Both are
 * refused here (E113, E114), as are the same slips in every other S3 location (see {@link #malformedScheme}).
 */
final class Scripts {

    /**
     * What looks meant as an S3 URI but is not one EMR reads: a scheme in capitals, one slash or none, a missing
     * colon ({@code s3//}). A relative folder named {@code s3/} is still a relative path.
     */
    private static final Pattern MALFORMED_SCHEME = Pattern.compile("(?i)(s3[an]?)(:/*|//+)");

    private Scripts() {
    }

    /**
     * The project's {@code scripts_base} as the binders see it.
     *
     * @param uri     the base, {@code null} when there is none or it was refused
     * @param refused whether {@code emrdag.yaml} wrote a base that was reported already: relative scripts are then
     *                not reported again (E112) for the same root cause
     */
    record Base(String uri, boolean refused) {

        static final Base NONE = new Base(null, false);

        /** The bucket of the base, e.g. {@code acme-artifacts} for {@code s3://acme-artifacts/spark/}. */
        String bucket() {
            if (uri == null) {
                return null;
            }
            String rest = uri.substring(uri.indexOf("://") + 3);
            int slash = rest.indexOf('/');
            return slash < 0 ? rest : rest.substring(0, slash);
        }

        /** The base without its scheme, ending in '/': {@code acme-artifacts/spark/}. */
        String withoutScheme() {
            String rest = uri.substring(uri.indexOf("://") + 3);
            return rest.endsWith("/") ? rest : rest + "/";
        }
    }

    static String resolve(Fields fields, String key, Base base) {
        String script = fields.requiredString(key, "the script in S3, e.g. load_raw_to_process.py or s3://bucket/path/job.py");
        if (script == null) {
            return null;
        }
        if (Shapes.EMR_S3_SCHEME.matcher(script).lookingAt() && Step.isTemplate(script)) {
            return script;
        }
        if (Shapes.EMR_S3_SCHEME.matcher(script).lookingAt()) {
            return fields.matching(key, null, Shapes.EMR_S3_URI, "an s3:// URI", null);
        }
        if (malformedScheme(fields, key, script)) {
            return null;
        }
        if (script.contains("://") || script.startsWith("/")) {
            fields.error(key, "E111", "expected an s3:// URI or a path relative to scripts_base, got \"" + Diagnostic.excerpt(script) + "\"", null);
            return null;
        }
        if (base.uri() == null) {
            if (!base.refused()) {
                fields.error(key, "E112", "relative script \"" + Diagnostic.excerpt(script) + "\" but emrdag.yaml has no scripts_base",
                        "set scripts_base: s3://bucket/prefix/ in emrdag.yaml, or write the full s3:// URI");
            }
            return null;
        }
        String bucket = base.bucket();
        if (script.startsWith(bucket + "/") && !Step.isTemplate(script)) {
            String under = base.withoutScheme();
            String relative = script.startsWith(under) ? script.substring(under.length()) : null;
            fields.error(key, "E114", "\"" + Diagnostic.excerpt(script) + "\" starts with scripts_base's bucket '" + bucket
                    + "', so joined onto scripts_base it would name the bucket twice",
                    "write the full URI s3://" + Diagnostic.excerpt(script)
                            + (relative == null || relative.isEmpty() ? "" : ", or the path under scripts_base: " + Diagnostic.excerpt(relative)));
            return null;
        }
        return join(base.uri(), script);
    }

    private static String join(String base, String script) {
        return base.endsWith("/") ? base + script : base + "/" + script;
    }

    /** The hint for a location that is not an S3 URI: the value with {@code s3://} before it when that would be one. */
    static String withScheme(String value, String otherwise) {
        return value != null && Shapes.S3_URI.matcher("s3://" + value).matches()
                ? "did you mean 's3://" + Diagnostic.excerpt(value) + "'?" : otherwise;
    }

    /**
     * Reports (E113) a value that is meant as an S3 URI but misspells the scheme; whether it did. Every S3 location
     * goes through here (scripts, JARs, bootstrap actions, log_uri, scripts_base), so that the hint is the same.
     */
    static boolean malformedScheme(Fields fields, String key, String value) {
        Matcher scheme = MALFORMED_SCHEME.matcher(value);
        if (!scheme.lookingAt() || Shapes.EMR_S3_SCHEME.matcher(value).lookingAt()) {
            return false;
        }
        String fixed = scheme.group(1).toLowerCase(Locale.ROOT) + "://" + value.substring(scheme.end());
        fields.error(key, "E113", "malformed S3 URI \"" + Diagnostic.excerpt(value) + "\": the scheme is written '"
                + Diagnostic.excerpt(value.substring(0, scheme.end())) + "'", "did you mean '" + Diagnostic.excerpt(fixed) + "'?");
        return true;
    }
}
