/** What a stack's exported state costs per token. */
export interface StateFootprint {
  /** Bytes of every `__provider` copy of one token resource (the engine stores it in inputs and outputs). */
  providerBytesPerResource: number;
  /** Bytes of one stored copy of `__provider`. */
  providerBytesPerCopy: number;
  /** Bytes of the whole `pulumi stack export` ÷ token resources. */
  exportBytesPerToken: number;
}

interface ExportedResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The resources of one type in `pulumi stack export` output; throws when there are none. */
function resourcesOfType(exportText: string, resourceType: string): ExportedResource[] {
  const resources = (JSON.parse(exportText) as { deployment: { resources?: ExportedResource[] } }).deployment.resources ?? [];
  const matching = resources.filter((resource) => resource.type === resourceType);
  if (matching.length === 0) throw new Error(`the exported state has no ${resourceType} resources`);
  return matching;
}

/** Measures the footprint of the resources of `resourceType` in `pulumi stack export` output. */
export function stateFootprint(exportText: string, resourceType: string): StateFootprint {
  const tokens = resourcesOfType(exportText, resourceType);
  const copies = tokens.flatMap((resource) => [resource.inputs?.["__provider"], resource.outputs?.["__provider"]]).filter(
    (value): value is string => typeof value === "string",
  );
  const bytes = (text: string) => Buffer.byteLength(text, "utf8");
  const providerBytes = copies.reduce((sum, text) => sum + bytes(text), 0);
  return {
    providerBytesPerResource: providerBytes / tokens.length,
    providerBytesPerCopy: copies.length === 0 ? 0 : providerBytes / copies.length,
    exportBytesPerToken: bytes(exportText) / tokens.length,
  };
}

/** The average bytes of one resource of `resourceType` in the exported state, as compact JSON. */
export function bytesPerResource(exportText: string, resourceType: string): number {
  const matching = resourcesOfType(exportText, resourceType);
  return matching.reduce((sum, resource) => sum + Buffer.byteLength(JSON.stringify(resource)), 0) / matching.length;
}
