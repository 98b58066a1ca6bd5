package io.emrdag.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import freemarker.template.Configuration;
import freemarker.template.ObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The record wrapper prints what FreeMarker's default wrapper prints, for every kind of value the views hold. */
public class RecordWrapperTest {

    /** A view part: strings, numbers, booleans, nulls, lists and nested records. */
    public record Part(String name, int count, Integer maybe, boolean flag, List<String> items, List<Part> children,
            Part nested) {

        /** Not a component: a template reads it as a property through the bean model, as with the default wrapper. */
        public String shout() {
            return name.toUpperCase(java.util.Locale.ROOT) + "!";
        }
    }

    private static final String TEMPLATE = """
            <#macro show p>${p.name} ${p.count} ${p.maybe!"none"} ${p.flag?then("T", "F")} ${p.flag?c} \
            <#if p.maybe??>has<#else>lacks</#if> ${p.items?size} [${p.items?join(", ")}] \
            <#if p.items?has_content>items</#if> <#if p.nested??>nested ${p.nested.name}</#if> ${p.shout} \
            <#if p?has_content>content</#if>
            <#list p.children as c><@show c/></#list></#macro>
            <@show view/>
            ${view.nested.nested.items?join("|")} ${view.count + 1} ${(view.count > 2)?c} ${view.name?length}
            """;

    @Test
    void printsWhatTheDefaultWrapperPrints() throws IOException, TemplateException {
        Part leaf = new Part("leaf", 0, null, false, List.of(), List.of(), null);
        Part middle = new Part("middle \"q\"", 7, 3, true, List.of("a", "b"), List.of(leaf), new Part("x", 1, null, false,
                Arrays.asList("p", "q"), List.of(), null));
        Part view = new Part("top", 12345, 0, true, List.of("one"), List.of(middle, leaf), middle);
        String expected = render(Configuration.getDefaultObjectWrapper(Configuration.VERSION_2_3_34), view);
        assertEquals(expected, render(new RecordWrapper(Configuration.VERSION_2_3_34), view));
        assertTrue(expected.startsWith("top 12345 0 T true has 1 [one] items nested middle \"q\" TOP! content\n"), expected);
    }

    private static String render(ObjectWrapper wrapper, Part view) throws IOException, TemplateException {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_34);
        configuration.setObjectWrapper(wrapper);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setNumberFormat("computer");
        configuration.setBooleanFormat("c");
        StringWriter out = new StringWriter();
        new Template("t", new StringReader(TEMPLATE), configuration).process(Map.of("view", view), out);
        return out.toString();
    }
}
