/**
 * The HTML report's stylesheet, inlined into the page. Status colours are paired with a letter in every cell, so the
 * heatmap reads without colour (and in print, where the colours are kept by `print-color-adjust`).
 */
export const HTML_STYLE = `
:root{--fail:#c62828;--error:#6a1b9a;--unknown:#ef6c00;--suppressed:#546e7a;--pass:#2e7d32;--na:#cfd8dc;--ink:#1a1a1a;--muted:#5f6b73;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1400px;padding:0 16px 48px}
header{border-bottom:2px solid var(--ink);margin-bottom:8px}
h1{margin:16px 0 4px;font-size:24px}h2{font-size:18px;margin:24px 0 8px}
.skip{position:absolute;left:-9999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px;z-index:9}
.muted{color:var(--muted)}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:170px}
.card .label{color:var(--muted)}.card .value{font-size:28px;font-weight:600}
.bar{height:8px;background:#eceff1;border-radius:4px;overflow:hidden}.bar span{display:block;height:100%;background:#1565c0}
table{border-collapse:collapse;margin:4px 0}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
thead th{background:#f6f8fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.overview{display:grid;grid-template-columns:minmax(0,1fr);column-gap:32px}
@media (min-width:1000px){.overview{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px}.filters h2{flex-basis:100%;margin-bottom:0}
.filters label{display:inline-flex;align-items:center;gap:6px}.filters select{max-width:220px}
.scroll{overflow:auto;max-height:70vh}
.heatmap th.rule-col{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;padding:6px 2px}
.heatmap thead th{position:sticky;top:0;z-index:1}
.heatmap th[scope=row]{position:sticky;left:0;background:#fff;white-space:nowrap;z-index:1}
.heatmap thead th:first-child{left:0;z-index:2}
.cell{display:table-cell;width:22px;min-width:22px;text-align:center;font-weight:700;font-size:12px;color:#fff}
span.cell{display:inline-block;padding:0 4px;border-radius:3px}
.s-F{background:var(--fail)}.s-E{background:var(--error)}.s-U{background:var(--unknown)}.s-S{background:var(--suppressed)}
.s-P{background:var(--pass)}.s-N{background:var(--na);color:#263238}.s-none{background:#fff}
.cell:focus{outline:3px solid #0b57d0;outline-offset:-2px}
.badge{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
.badge.sev-critical{background:#7f0000}.badge.sev-high{background:var(--fail)}.badge.sev-medium{background:var(--unknown)}.badge.sev-low{background:var(--suppressed)}
details{border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:6px 0}
summary{cursor:pointer}
pre{background:#f6f8fa;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-word}
.resource,.resources li{word-break:break-all}
.trend{width:100%;max-width:680px;height:auto}
.trend polyline{fill:none;stroke-width:2.5}.trend .grid{stroke:#e0e0e0}.trend text{font-size:11px;fill:var(--muted)}
.line-overall{stroke:#1565c0;color:#1565c0}.line-sec04{stroke:#c62828;color:#c62828}.line-cost{stroke:#2e7d32;color:#2e7d32}.line-coverage{stroke:#6a1b9a;color:#6a1b9a;stroke-dasharray:5 4}
.legend .key::before{content:"━ "}
.pager{margin:6px 0}.pager button{margin:0 4px}
@media print{.no-print,.skip,noscript{display:none}.overview{display:block}.heatmap th{position:static}.scroll{max-height:none;overflow:visible}details{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}details:not([open]) > *:not(summary){display:block}}
`;
