import { createHash } from "node:crypto";
import type { TempProject } from "../../scripts/lib/temp-project";

/**
 * What a stack's state says, read through `pulumi stack export`, for tests that assert a command
 * changed nothing or that name the token a resource holds.
 */

interface ExportedResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  delete?: boolean;
}

function resourcesIn(exportText: string): ExportedResource[] {
  return (JSON.parse(exportText) as { deployment?: { resources?: ExportedResource[] } }).deployment?.resources ?? [];
}

/**
 * The stack's resources as the providers shape them: urn, type, id, inputs and outputs. Secrets
 * are compared by a digest of their value (their ciphertext changes with every write; the values
 * must not), so a failing assertion never prints a key. The engine's own bookkeeping (timestamps,
 * propertyDependencies, which a failed refresh drops) is left out.
 */
export async function plainResources(project: TempProject): Promise<unknown> {
  const exported = (await project.pulumiOk(["stack", "export", "--show-secrets"])).stdout;
  return resourcesIn(exported).map(({ urn, type, id, inputs, outputs }) => ({ urn, type, id, inputs: digestKeys(inputs), outputs: digestKeys(outputs) }));
}

/** `accessKey` (the only secret an ApiToken has) replaced by a digest of its value. */
function digestKeys(properties: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (properties === undefined || !("accessKey" in properties)) return properties;
  const key = JSON.stringify(properties["accessKey"]);
  return { ...properties, accessKey: `sha256:${createHash("sha256").update(key).digest("hex").slice(0, 16)}` };
}

/** An `ApiToken` resource (either face) as state records it. */
export interface HeldToken {
  urn: string;
  tokenId: number;
  adminId: number;
  accessId: string;
  /** True for the old token of a replacement that the engine has still to delete. */
  pendingDelete: boolean;
}

/** The `ApiToken` resources (either face) in the stack's state. */
export async function heldTokens(project: TempProject, options: { stack?: string } = {}): Promise<HeldToken[]> {
  const exported = (await project.pulumiOk(["stack", "export", ...(options.stack ? ["--stack", options.stack] : [])])).stdout;
  return resourcesIn(exported)
    .filter((resource) => /logicmonitor:(index:)?ApiToken$/.test(resource.type) && resource.id)
    .map((resource) => {
      const [adminId, tokenId] = (resource.id ?? "").split("/").map(Number);
      return {
        urn: resource.urn,
        tokenId: tokenId ?? NaN,
        adminId: adminId ?? NaN,
        accessId: String(resource.outputs?.["accessId"] ?? ""),
        pendingDelete: resource.delete === true,
      };
    });
}

/** The one `ApiToken` the stack holds; throws when it holds none or several. */
export async function theHeldToken(project: TempProject, options: { stack?: string } = {}): Promise<HeldToken> {
  const held = await heldTokens(project, options);
  if (held.length !== 1 || !held[0]) throw new Error(`expected one ApiToken in state, found ${JSON.stringify(held)}`);
  return held[0];
}
