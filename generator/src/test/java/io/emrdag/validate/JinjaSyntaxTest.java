package io.emrdag.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What Airflow's Jinja would render, and the first thing it would refuse in what it would not. */
class JinjaSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"{{ ds }}", "--date={{ ds }}", "{{ macros.ds_add(ds, -1) }}", "{{ params.get('x', '}}') }}",
            "{{ var.json.cfg['a'][0] }}", "{%- if params.full -%}--full{% elif x %}--x{% else %}--delta{% endif %}",
            "{% for t in params.tables %}{{ t }},{% endfor %}", "{% set x = 1 %}{{ x }}", "{% raw %}{{ not rendered{% endraw %}",
            "{# a comment #}{{ ds }}", "}} alone is text", "{{ \"a\\\"b\" }}"})
    void wellFormedTemplatesPass(String template) {
        assertEquals(Optional.empty(), JinjaSyntax.problem(template));
    }

    @Test
    void eachProblemNamesWhereItStarts() {
        assertEquals(Optional.of("'{{' at character 8 is not closed by '}}'"), JinjaSyntax.problem("--date={{ ds"));
        assertEquals(Optional.of("'{#' at character 1 is not closed by '#}'"), JinjaSyntax.problem("{# note {{ ds }}"));
        assertEquals(Optional.of("empty expression '{{ }}' at character 3"), JinjaSyntax.problem("a {{  }}"));
        assertEquals(Optional.of("unbalanced ')' in the template at character 1"), JinjaSyntax.problem("{{ f(x)) }}"));
        assertEquals(Optional.of("unclosed '[' in the template at character 1"), JinjaSyntax.problem("{{ a[0 }}"));
        assertEquals(Optional.of("'{{' at character 1 is not closed by '}}'"), JinjaSyntax.problem("{{ 'ds }}"));
        assertEquals(Optional.of("'{% if %}' at character 1 is not closed by '{% endif %}'"), JinjaSyntax.problem("{% if x %}a"));
        assertEquals(Optional.of("'{% endfor %}' at character 11 but the open block is '{% if %}'"),
                JinjaSyntax.problem("{% if x %}{% endfor %}"));
        assertEquals(Optional.of("'{% else %}' at character 1 is outside an if or for block"), JinjaSyntax.problem("{% else %}"));
        assertEquals(Optional.of("empty tag '{% %}' at character 1"), JinjaSyntax.problem("{% %}"));
        assertEquals(Optional.of("'{% raw %}' at character 1 is not closed by '{% endraw %}'"), JinjaSyntax.problem("{% raw %}{{"));
    }
}
