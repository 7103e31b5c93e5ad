import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { engineDir } from "../../scripts/lib/engine";

/** The facts about the machine that a benchmark result is meaningless without. */
export interface MachineFacts {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  pulumi: string;
  platform: string;
}

/** Reads the machine facts (and the Pulumi CLI's version). */
export function machineFacts(): MachineFacts {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pulumi: execFileSync(path.join(engineDir(), "pulumi"), ["version"], { encoding: "utf8" }).trim(),
    platform: `${os.type()} ${os.release()}`,
  };
}

/** One markdown line describing the machine. */
export function describeMachine(facts: MachineFacts): string {
  return `${facts.cpus} CPUs (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.platform}, Node ${facts.node}, Pulumi ${facts.pulumi}`;
}
