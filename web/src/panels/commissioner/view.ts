/** Markup both funding views share: the report's output and CSV link, and the heads of the area counts and flows sections. */
export const FUNDING_OUTPUT = `<div id="cm-funding" aria-live="polite"></div>
    <div id="cm-chart"></div>
    <p><a id="cm-csv" class="button-link" download>Download the funding report (CSV)</a></p>`
export const AREAS_HEAD = `<h3>Referrals by area</h3>
    <div class="field"><label for="cm-geo">Areas</label><select id="cm-geo"><option value="borough">Boroughs</option><option value="ward">Wards</option></select></div>
    <p id="cm-counts-summary" class="hint" aria-live="polite"></p>`
export const FLOWS_HEAD = `<h3>Flows between boroughs</h3>
    <p class="hint">From the borough where a young person lives to the borough of an incident.</p>`
