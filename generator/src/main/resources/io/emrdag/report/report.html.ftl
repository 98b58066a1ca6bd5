<#ftl output_format="HTML" strip_whitespace=true>
<#-- The capacity report. Every value comes formatted from ReportView and is escaped by this HTML template; nothing here
     computes. The page must work from disk: no request of any kind (the Content-Security-Policy forbids them). -->
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${view.heading.generator}">
<link rel="icon" href="data:,">
<title>${view.heading.title}</title>
<style>
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9dee5; --soft: #f4f6f9; --over: #c62828; --ok: #2e7d32; --label: 210px; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1360px; margin: 0 auto; padding: 20px 24px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 6px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 4px; }
p.sub, .caption, small, .note { color: var(--muted); }
nav { margin: 10px 0 0; font-size: 13px; }
nav a { margin-right: 14px; color: #2f5d8a; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 10px; margin: 18px 0 4px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--soft); }
.card .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .k { font-size: 12px; color: var(--muted); }
.card.alert { border-color: var(--over); background: #fdecea; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); position: sticky; top: 0; z-index: 1; }
th[data-type] { cursor: pointer; white-space: nowrap; }
th[aria-sort="descending"]::after { content: " \25BC"; font-size: 10px; }
th[aria-sort="ascending"]::after { content: " \25B2"; font-size: 10px; }
td code { white-space: nowrap; }
td.cluster { min-width: 170px; }
td.layer { white-space: nowrap; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.over td { background: #fdecea; }
.status-over { color: var(--over); font-weight: 600; }
.status-ok { color: var(--ok); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.tablebox { max-height: 70vh; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(540px, 1fr)); gap: 8px 16px; }
figure.chart { margin: 8px 0; }
figure.chart figcaption { font-weight: 600; font-size: 13px; }
figure.chart svg { width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: #9aa5b1; stroke-width: 1; }
svg text { font-size: 16px; fill: var(--muted); }
svg .ylabel { text-anchor: end; dominant-baseline: middle; }
svg .xlabel { text-anchor: middle; }
svg .limit { stroke: #6b7785; stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .limit.over { stroke: var(--over); }
svg .limitlabel { text-anchor: end; font-weight: 600; fill: #4b5563; }
svg .limitlabel.over { fill: var(--over); }
svg .peak { fill: var(--ink); }
svg .peaklabel { font-weight: 600; fill: var(--ink); }
svg .peaklabel.right { text-anchor: end; }
ul.legend { list-style: none; margin: 2px 0 0; padding: 0; font-size: 12px; color: var(--muted); }
ul.legend li { display: inline-block; margin-right: 12px; }
.timeline { border: 1px solid var(--line); border-radius: 6px; max-height: 70vh; overflow: auto; position: relative; }
.tl-axis, .tl-row, .tl-lane { display: grid; grid-template-columns: var(--label) 1fr; }
.tl-axis { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line); height: 22px; }
.tl-axis .ticks, .tl-row .track { position: relative; }
.tl-axis .ticks span { position: absolute; top: 3px; transform: translateX(-50%); font-size: 11px; color: var(--muted); white-space: nowrap; }
.tl-rows { position: relative; }
.tl-peak { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px solid var(--over); opacity: 0.55; z-index: 1; pointer-events: none; }
.tl-lane { background: var(--soft); font-weight: 600; font-size: 12px; padding: 2px 6px; border-top: 1px solid var(--line); }
.tl-row { height: 15px; font-size: 11px; }
.tl-row:hover { background: #eef3f8; }
.tl-row .label { padding: 0 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; line-height: 15px; }
.tl-row .track { background-image: linear-gradient(to right, var(--line) 1px, transparent 1px); background-size: var(--grid) 100%; }
.tl-row .track i { position: absolute; top: 2px; height: 11px; border-radius: 2px; min-width: 2px; }
.filter { margin: 8px 0; }
.filter input { font: inherit; padding: 4px 8px; width: 280px; border: 1px solid var(--line); border-radius: 4px; }
ul.notes { padding-left: 18px; color: var(--muted); font-size: 13px; }
.graph { overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 6px; }
.graph svg { display: block; }
.graph svg text { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; fill: var(--ink); dominant-baseline: central; }
.graph .edge { fill: none; stroke: #8795a5; stroke-width: 1.2; }
.graph .box { fill: #fff; stroke-width: 1.5; }
.graph .node:hover .box { stroke-width: 3; }
details summary { cursor: pointer; color: var(--muted); font-size: 13px; margin-top: 6px; }
code { background: var(--soft); padding: 0 3px; border-radius: 3px; }
footer { margin-top: 36px; font-size: 12px; color: var(--muted); }
</style>
</head>
<body>
<main>
<header>
<h1>${view.heading.title}</h1>
<p class="sub">${view.heading.subtitle}</p>
<nav><a href="#quotas">Quotas</a><#list view.windows as w><a href="#${w.id}">Peak ${w.id}</a></#list><a href="#job-groups">Job groups</a><a href="#folders">Folders</a><#if view.graph??><a href="#dependencies">Dependencies</a></#if><a href="#notes">Notes</a></nav>
</header>

<section class="cards" aria-label="Headline figures">
<#list view.cards as card>
<div class="card<#if card.alert> alert</#if>"><div class="k">${card.label}</div><div class="v">${card.value}</div><div class="k">${card.detail}</div></div>
</#list>
</section>

<section id="quotas">
<h2>Quotas and limits</h2>
<#if !view.quotaTable.quotasSet>
<p class="note">No limits are set. Give the account's EC2 vCPU quotas (Service Quotas, per Region) in <code>emrdag.yaml</code>, e.g. <code>quotas: {on_demand_vcpus: {standard: 1152}, spot_vcpus: {standard: 512}, clusters: 20}</code>, and <code>emrdag validate</code> warns when the expected peak exceeds one.</p>
</#if>
<#if view.quotaTable.quotas?has_content>
<table>
<thead><tr><th>What</th><th>Quota code</th><th>Setting</th><th class="n">Limit</th><th class="n">Expected peak</th><th class="n">Headroom</th><th>When</th><th>Status</th><th>Job groups at the peak</th></tr></thead>
<tbody>
<#list view.quotaTable.quotas as q>
<tr<#if q.verdict.over> class="over"</#if>><td>${q.quota.what}</td><td>${q.quota.code}</td><td><code>${q.quota.setting}</code></td><td class="n">${q.quota.limit}</td><td class="n">${q.demand.peak}</td><td class="n">${q.demand.headroom}</td><td>${q.demand.when}</td><td class="<#if q.verdict.over>status-over<#elseif q.verdict.status == "ok">status-ok</#if>">${q.verdict.status}</td><td>${q.demand.contributors}</td></tr>
</#list>
</tbody>
</table>
</#if>
</section>

<#list view.windows as w>
<section id="${w.id}">
<h2>${w.title}</h2>
<p class="caption">${w.caption}</p>
<div class="charts">
<#list w.charts as chart>
<figure class="chart">
<figcaption>${chart.title}<#if chart.note??> <small>${chart.note}</small></#if></figcaption>
<svg viewBox="0 0 ${chart.frame.width} ${chart.frame.height}" role="img" aria-label="${chart.title}">
<#list chart.axes.yTicks as t><line class="grid" x1="${chart.frame.plotLeft}" x2="${chart.frame.plotLeft + chart.frame.plotWidth}" y1="${t.at}" y2="${t.at}"/><text class="ylabel" x="${chart.frame.plotLeft - 6}" y="${t.at}">${t.label}</text></#list>
<#list chart.marks.areas as a><path d="${a.path}" fill="${a.color}" fill-opacity="0.85"><title>${a.label}</title></path></#list>
<line class="axis" x1="${chart.frame.plotLeft}" x2="${chart.frame.plotLeft + chart.frame.plotWidth}" y1="${chart.frame.plotTop + chart.frame.plotHeight}" y2="${chart.frame.plotTop + chart.frame.plotHeight}"/>
<#list chart.axes.xTicks as t><line class="axis" x1="${t.at}" x2="${t.at}" y1="${chart.frame.plotTop + chart.frame.plotHeight}" y2="${chart.frame.plotTop + chart.frame.plotHeight + 5}"/><text class="xlabel" x="${t.at}" y="${chart.frame.plotTop + chart.frame.plotHeight + 22}">${t.label}</text></#list>
<#list chart.marks.limits as l><line class="limit<#if l.over> over</#if>" x1="${chart.frame.plotLeft}" x2="${chart.frame.plotLeft + chart.frame.plotWidth}" y1="${l.y}" y2="${l.y}"/><text class="limitlabel<#if l.over> over</#if>" x="${chart.frame.plotLeft + chart.frame.plotWidth - 4}" y="${l.y}" dy="-4">${l.label}</text></#list>
<#if chart.marks.peak??><circle class="peak" cx="${chart.marks.peak.x}" cy="${chart.marks.peak.y}" r="3.5"/><text class="peaklabel<#if chart.marks.peak.right> right</#if>" x="${chart.marks.peak.x}" y="${chart.marks.peak.y}" dx="<#if chart.marks.peak.right>-6<#else>6</#if>" dy="-6">${chart.marks.peak.label}</text></#if>
</svg>
<ul class="legend"><#list chart.legend as item><li><span class="swatch" style="background:${item.color}"></span>${item.label}</li></#list></ul>
</figure>
</#list>
</div>
<h3>Who runs when</h3>
<p class="caption"><#list view.costs.layerLegend as item><span class="swatch" style="background:${item.color}"></span>${item.label}&nbsp;&nbsp; </#list><#if w.timeline.idle??> · ${w.timeline.idle}</#if></p>
<div class="timeline" style="--grid:${w.timeline.grid}">
<div class="tl-axis"><span></span><div class="ticks"><#list w.timeline.ticks as t><span style="left:${t.at}%">${t.label}</span></#list></div></div>
<div class="tl-rows">
<div class="tl-peak" style="left:calc(var(--label) + (100% - var(--label)) * ${w.timeline.peakAt} / 100)" title="${w.timeline.peakLabel}"></div>
<#list w.timeline.lanes as lane>
<div class="tl-lane"><span><span class="swatch" style="background:${lane.color}"></span>${lane.layer}</span><span class="note">${lane.rows?size} job group<#if lane.rows?size != 1>s</#if></span></div>
<#list lane.rows as row>
<div class="tl-row" data-id="${row.id}" title="${row.title}"><span class="label">${row.id}</span><span class="track"><#list row.bars as bar><i style="left:${bar.left}%;width:${bar.width}%;background:${lane.color}"<#if bar.title??> title="${bar.title}"</#if>></i></#list></span></div>
</#list>
</#list>
</div>
</div>
</section>
</#list>

<section id="job-groups">
<h2>Job groups</h2>
<p class="caption">Per run and per month (a twelfth of the model year's runs). Click a column to sort.<#if view.costs.priced> Costs in ${view.costs.currency}.</#if></p>
<div class="filter"><input type="search" id="filter" placeholder="Filter job groups and timelines" aria-label="Filter job groups"></div>
<div class="tablebox">
<table class="sortable" id="groups">
<thead><tr><th data-type="text">Job group</th><th data-type="text">Folder</th><th data-type="text">Schedule</th><th class="n" data-type="number">Runs / month</th><th class="n" data-type="number">Run</th><th data-type="text">Cluster</th><th class="n" data-type="number">vCPUs</th><th class="n" data-type="number">Instance-h / run</th><th class="n" data-type="number" aria-sort="descending">Instance-h / month</th><th class="n" data-type="number">Cost / run</th><th class="n" data-type="number">Cost / month</th></tr></thead>
<tbody>
<#list view.costs.groups as g>
<tr data-id="${g.id}"><td data-sort="${g.id}">${g.id}</td><td class="layer" data-sort="${g.layer}"><span class="swatch" style="background:${g.color}"></span>${g.layer}</td><td data-sort="${g.schedule}"><code>${g.schedule}</code></td><td class="n" data-sort="${g.runs.runsPerMonth.sort}">${g.runs.runsPerMonth.text}</td><td class="n" data-sort="${g.runs.run.sort}">${g.runs.run.text}</td><td class="cluster" data-sort="${g.runs.cluster.sort}">${g.runs.cluster.text}</td><td class="n" data-sort="${g.runs.vcpus.sort}">${g.runs.vcpus.text}</td><td class="n" data-sort="${g.spend.instanceHoursPerRun.sort}">${g.spend.instanceHoursPerRun.text}</td><td class="n" data-sort="${g.spend.instanceHoursPerMonth.sort}">${g.spend.instanceHoursPerMonth.text}</td><td class="n" data-sort="${g.spend.costPerRun.sort}">${g.spend.costPerRun.text}</td><td class="n" data-sort="${g.spend.costPerMonth.sort}">${g.spend.costPerMonth.text}</td></tr>
</#list>
</tbody>
</table>
</div>
</section>

<section id="folders">
<h2>Folders</h2>
<table>
<thead><tr><th>Folder</th><th class="n">Job groups</th><th class="n">Instance-hours / month</th><th class="n">Cost / month<#if view.costs.priced> (${view.costs.currency})</#if></th></tr></thead>
<tbody>
<#list view.costs.layers as l>
<tr><td><span class="swatch" style="background:${l.color}"></span>${l.layer}</td><td class="n">${l.groups}</td><td class="n">${l.instanceHoursPerMonth}</td><td class="n">${l.costPerMonth}</td></tr>
</#list>
</tbody>
</table>
</section>
<#-- The job-group dependency graph (ReportView.graph, placed by DependencyGraph): only when a job group depends on
     another. Drawn at its own size, not scaled to the page, so that hundreds of boxes stay readable: the box scrolls. -->
<#if view.graph??>
<#assign graph = view.graph>
<section id="dependencies">
<h2>Dependencies</h2>
<p class="caption">${graph.caption}</p>
<p class="caption"><#list graph.legend as item><span class="swatch" style="background:${item.color}"></span>${item.label}&nbsp;&nbsp; </#list></p>
<div class="graph">
<svg width="${graph.width}" height="${graph.height}" viewBox="0 0 ${graph.width} ${graph.height}" role="group" aria-label="Job-group dependencies, upstream to downstream">
<#list graph.edges as e><path class="edge" d="${e.path}"><title>${e.title}</title></path></#list>
<#list graph.nodes as n><g class="node"><title>${n.title}</title><rect class="box" x="${n.x}" y="${n.y}" width="${n.width}" height="${graph.box}" rx="3" stroke="${n.color}"/><rect x="${n.x}" y="${n.y}" width="4" height="${graph.box}" fill="${n.color}"/><text x="${n.x + graph.box / 2}" y="${n.y + graph.box / 2}">${n.label}</text></g></#list>
</svg>
</div>
<details><summary>As text</summary>
<ul class="notes">
<#list graph.lines as line><li>${line}</li></#list>
</ul>
</details>
</section>
</#if>

<section id="notes">
<h2>Notes</h2>
<ul class="notes">
<#list view.notes as note><li>${note}</li></#list>
</ul>
</section>
<footer>Made by ${view.heading.generator}. The same metadata gives the same page, byte for byte.</footer>
</main>
<script>
(function () {
  "use strict";
  function sortBy(table, column, head) {
    var descending = head.getAttribute("aria-sort") !== "descending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    head.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var numeric = head.getAttribute("data-type") === "number";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute("data-sort"), y = b.cells[column].getAttribute("data-sort");
      var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (head, column) {
      if (!head.hasAttribute("data-type")) { return; }
      head.tabIndex = 0;
      head.addEventListener("click", function () { sortBy(table, column, head); });
      head.addEventListener("keydown", function (event) { if (event.key === "Enter") { sortBy(table, column, head); } });
    });
  });
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var text = filter.value.trim().toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll("[data-id]"), function (element) {
      element.style.display = !text || element.getAttribute("data-id").toLowerCase().indexOf(text) >= 0 ? "" : "none";
    });
  });
}());
</script>
</body>
</html>
