/**
 * Finding orphaned API tokens: tokens in the portal that no stack's state references, such as a
 * token created by a `pulumi up` that was killed before it could record it. Used by
 * `npx lm-apitoken orphans` (docs/RECOVERY.md).
 */
import type { LogicMonitorClient } from "../client/client";
import type { ApiTokenRecord } from "../client/types";

/** The type token of `ApiToken` resources in state. */
const API_TOKEN_TYPE_SUFFIX = "logicmonitor:ApiToken";

interface ExportedResource {
  type?: unknown;
  id?: unknown;
  outputs?: Record<string, unknown>;
  inputs?: Record<string, unknown>;
}

/**
 * The token ids that stack states reference: the resource ids (`"<adminId>/<tokenId>"`) and
 * `existingTokenId` of every `ApiToken`. Accepts `pulumi stack export` JSON (`{deployment: …}`) or
 * a state file's checkpoint (`{checkpoint: {latest: …}}`).
 * @throws Error when a value is not Pulumi state.
 */
export function referencedTokenIds(states: unknown[]): Set<number> {
  const ids = new Set<number>();
  for (const state of states) {
    for (const resource of resourcesOf(state)) {
      if (typeof resource.type !== "string" || !resource.type.endsWith(API_TOKEN_TYPE_SUFFIX)) continue;
      const match = typeof resource.id === "string" ? /^\d+\/(\d+)$/.exec(resource.id) : null;
      if (match?.[1] !== undefined) ids.add(Number(match[1]));
      for (const props of [resource.outputs, resource.inputs]) {
        const adopted = props?.["existingTokenId"];
        if (typeof adopted === "number") ids.add(adopted);
      }
    }
  }
  return ids;
}

function resourcesOf(state: unknown): ExportedResource[] {
  const root = (state ?? {}) as { deployment?: unknown; checkpoint?: { latest?: unknown } };
  const deployment = (root.deployment ?? root.checkpoint?.latest) as { resources?: unknown } | undefined;
  if (typeof deployment !== "object" || deployment === null) {
    throw new Error("not Pulumi state: expected the output of 'pulumi stack export' (an object with 'deployment')");
  }
  return Array.isArray(deployment.resources) ? (deployment.resources as ExportedResource[]) : [];
}

/** What to search. */
export interface OrphanSearch {
  /** Token ids some state references. */
  referenced: ReadonlySet<number>;
  /** Only these admins' tokens; every admin of the portal when absent (needs "User Access: view"). */
  adminIds?: number[];
  /** Tokens never reported (the credentials the search itself uses). */
  excludeAccessIds?: string[];
}

/** Tokens of the searched admins that no state references, sorted by id. */
export async function findOrphanTokens(client: LogicMonitorClient, search: OrphanSearch): Promise<ApiTokenRecord[]> {
  const adminIds = search.adminIds ?? (await client.listAdmins()).map((admin) => admin.id);
  const excluded = new Set(search.excludeAccessIds ?? []);
  const orphans: ApiTokenRecord[] = [];
  for (const adminId of adminIds) {
    for (const token of await client.listApiTokens(adminId)) {
      if (!search.referenced.has(token.id) && !excluded.has(token.accessId)) orphans.push(token);
    }
  }
  return orphans.sort((a, b) => a.id - b.id);
}

/** One line per orphan, for people: id, owner, note, creation time. */
export function formatOrphans(orphans: ApiTokenRecord[]): string {
  if (orphans.length === 0) return "No orphaned API tokens: every token of the searched admins is referenced by the given state.";
  const lines = orphans.map(
    (token) =>
      `token ${token.id}  admin ${token.adminId} (${token.adminName})  ${token.type}  accessId ${token.accessId}  ` +
      `created ${new Date(token.createdOn * 1000).toISOString()}  note ${JSON.stringify(token.note)}`,
  );
  return [
    ...lines,
    "",
    `${orphans.length} API token(s) are referenced by no given stack state. For each: keep it under Pulumi by setting ` +
      `existingTokenId: <token> on its resource (it will have no accessKey output), or delete it in the portal ` +
      `(Settings → Users → API Tokens). See docs/RECOVERY.md.`,
  ].join("\n");
}
