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

/** Measures the footprint of the resources of `resourceType` in `pulumi stack export` output. */
export function stateFootprint(exportText: string, resourceType: string): StateFootprint {
  const resources = (JSON.parse(exportText) as { deployment: { resources?: ExportedResource[] } }).deployment.resources ?? [];
  const tokens = resources.filter((resource) => resource.type === resourceType);
  if (tokens.length === 0) throw new Error(`the exported state has no ${resourceType} resources`);
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
