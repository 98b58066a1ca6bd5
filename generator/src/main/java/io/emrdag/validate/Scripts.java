package io.emrdag.validate;

import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.model.Step;

/**
 * Resolves a script reference: a full {@code s3://} URI as is ({@code s3n://} and {@code s3a://} too: see
 * {@link Shapes#EMR_S3_URI}), else relative to the project's scripts base. A URI with Jinja is rendered when the step
 * runs, so only its scheme is checked here.
 */
final class Scripts {

    private Scripts() {
    }

    static String resolve(Fields fields, String key, String scriptsBase) {
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
        if (script.contains("://") || script.startsWith("/")) {
            fields.error(key, "E111", "expected an s3:// URI or a path relative to scripts_base, got \"" + Diagnostic.excerpt(script) + "\"", null);
            return null;
        }
        if (scriptsBase == null) {
            fields.error(key, "E112", "relative script \"" + Diagnostic.excerpt(script) + "\" but emrdag.yaml has no scripts_base",
                    "set scripts_base: s3://bucket/prefix/ in emrdag.yaml, or write the full s3:// URI");
            return null;
        }
        return scriptsBase.endsWith("/") ? scriptsBase + script : scriptsBase + "/" + script;
    }
}
