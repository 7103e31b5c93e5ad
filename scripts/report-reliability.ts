/**
 * `npm run report:reliability`: writes `docs/reliability-results.json` and `docs/RELIABILITY.md`
 * from the rows the reliability scenarios saved (`npm test` saves the fast ones, `npm run
 * test:reliability` the slow ones; see scripts/lib/reliability-report.ts for where). Rows not
 * saved since keep their published values.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { mergeRows, PUBLISHED_RESULTS, readRows, renderReport, REPORT, savedResultsFile } from "./lib/reliability-report";

function main(): number {
  const savedFile = savedResultsFile();
  const saved = readRows(savedFile);
  if (saved.length === 0) {
    console.error(
      `No saved reliability results in ${savedFile}.\n` +
        "Run `npm test` (scenarios 2-9) or `npm run test:reliability` (1, 10-19, bad input) first; LM_RELIABILITY_RESULTS names another file.",
    );
    return 1;
  }
  const rows = mergeRows(readRows(PUBLISHED_RESULTS), saved);
  fs.writeFileSync(PUBLISHED_RESULTS, JSON.stringify(rows, null, 2) + "\n");
  fs.writeFileSync(REPORT, renderReport(rows));
  const failed = saved.filter((row) => row.outcome.startsWith("FAILED"));
  console.log(`Updated ${saved.map((row) => row.id).join(", ")} from ${savedFile}`);
  console.log(`Wrote ${path.relative(process.cwd(), PUBLISHED_RESULTS)} and ${path.relative(process.cwd(), REPORT)}`);
  if (failed.length > 0) console.log(`Scenarios that FAILED in the saved run: ${failed.map((row) => row.id).join(", ")}`);
  return 0;
}

process.exitCode = main();
