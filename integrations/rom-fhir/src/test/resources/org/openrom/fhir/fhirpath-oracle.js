// Evaluates SDC calculatedExpressions with fhirpath.js, the FHIRPath engine of LHC-Forms, as a form filler does:
// %resource is the QuestionnaireResponse, %questionnaire its Questionnaire. Reads cases.json, writes results.json.
// Usage: node fhirpath-oracle.js <dir with node_modules> <cases.json> <results.json>
const path = require('path');
const fs = require('fs');
const [moduleDir, casesFile, resultsFile] = process.argv.slice(2);
const fhirpath = require(path.join(moduleDir, 'node_modules', 'fhirpath'));
const r4 = require(path.join(moduleDir, 'node_modules', 'fhirpath', 'fhir-context', 'r4'));
(async () => {
  const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  const out = [];
  for (const c of cases) {
    let value = fhirpath.evaluate(c.response, c.expression, {resource: c.response, questionnaire: c.questionnaire}, r4);
    value = await value;
    out.push({id: c.id, value: value.length === 1 ? value[0] : null, size: value.length});
  }
  fs.writeFileSync(resultsFile, JSON.stringify(out));
})().catch(e => { console.error(String(e)); process.exit(1); });
