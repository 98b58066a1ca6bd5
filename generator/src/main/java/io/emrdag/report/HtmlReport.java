package io.emrdag.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import io.emrdag.diagnostic.Diagnostic;
import io.emrdag.diagnostic.EnvironmentException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Renders the report page from {@code report.html.ftl}: one self-contained HTML file (styles, SVG charts and a small
 * sorting script inline; a Content-Security-Policy that forbids every request), readable from disk and as a CI
 * artifact. The template is an HTML template, so FreeMarker escapes every value it prints.
 */
public final class HtmlReport {

    static final String TEMPLATE = "report.html.ftl";

    private final Configuration freemarker;

    public HtmlReport() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setTemplateLoader(new ClassTemplateLoader(HtmlReport.class, ""));
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setWrapUncheckedExceptions(true);
        freemarker.setAPIBuiltinEnabled(false);
        freemarker.setNumberFormat("computer");
        freemarker.setBooleanFormat("c");
    }

    /** The page of {@code model}. */
    public String render(ReportModel model) {
        try {
            StringWriter out = new StringWriter();
            freemarker.getTemplate(TEMPLATE).process(Map.of("view", Views.of(model)), out);
            return out.toString();
        } catch (TemplateException | IOException e) {
            throw new IllegalStateException("the report template failed: " + e.getMessage(), e);
        }
    }

    /** Renders {@code model} into {@code output} (replaced in one step) and sums it up. */
    public ReportResult write(Path output, ReportModel model, List<Diagnostic> warnings) {
        byte[] html = render(model).getBytes(StandardCharsets.UTF_8);
        Path target = output.toAbsolutePath().normalize();
        Path temp = target.resolveSibling(target.getFileName() + ".emrdag-tmp");
        try {
            Files.createDirectories(target.getParent());
            Files.write(temp, html);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write failed already; that is what is reported
            }
            throw new EnvironmentException("cannot write the report " + output + ": " + e.getMessage(), e);
        }
        return new ReportResult(output, html.length, TextSummary.lines(model), warnings);
    }
}
