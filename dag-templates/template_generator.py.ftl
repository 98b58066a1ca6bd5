<#import "python.ftl" as py>
<@py.header/>
<#include "template_generator.py" parse=false>
