<#import "python.ftl" as py>
<@py.header/>
"""EMR request templates: one RunJobFlow request per cluster profile, and the Spark step.

Strings such as "${r"${core_instance_count}"}" are placeholders that template_generator.fill() replaces;
Verbatim(...) marks values that must reach EMR exactly as written.
"""
<#if view.verbatim>

<@py.verbatimImport packageName=view.packageName!/>
</#if>

JOB_FLOW_OVERRIDES = {
<#list view.profiles as profile>
    ${profile.key}: ${profile.body},
</#list>
}

SPARK_STEP = ${view.sparkStep}
