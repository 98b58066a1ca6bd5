${header}
<#include "template_generator.py" parse=false>
