import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mergeRows, readRows, saveScenarioRow, savedResultsFile, type ScenarioRow } from "../../../scripts/lib/reliability-report";

const row = (id: string, outcome = "ok"): ScenarioRow => ({
  id,
  scenario: `scenario ${id}`,
  suite: "npm test",
  outcome,
  requests: 1,
  oracleRequests: 1,
  duplicates: 0,
  orphans: 0,
  secretHits: 0,
  engineVerboseHits: 0,
  seconds: 1,
});

describe("the reliability report's saved results", () => {
  it("live outside the repository, or where LM_RELIABILITY_RESULTS says", () => {
    expect(savedResultsFile({}).startsWith(os.tmpdir())).toBe(true);
    expect(savedResultsFile({ LM_RELIABILITY_RESULTS: "/somewhere/results.json" })).toBe("/somewhere/results.json");
  });

  it("keep one row per scenario, in scenario order", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lm-report-"));
    try {
      const file = path.join(dir, "nested", "results.json");
      await saveScenarioRow(row("10"), file);
      await saveScenarioRow(row("2", "first"), file);
      await saveScenarioRow(row("2", "second"), file);
      await saveScenarioRow(row("bad-input"), file);
      expect(readRows(file).map((r) => [r.id, r.outcome])).toEqual([["2", "second"], ["10", "ok"], ["bad-input", "ok"]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("replace the published rows of the scenarios that ran, and leave the others", () => {
    const merged = mergeRows([row("1", "old"), row("2", "old"), row("4b", "old")], [row("2", "new"), row("12", "new")]);
    expect(merged.map((r) => [r.id, r.outcome])).toEqual([["1", "old"], ["2", "new"], ["4b", "old"], ["12", "new"]]);
  });
});
