/**
 * The part of a token's note in the portal that the program declared: without the ownership mark
 * (` [managed by Pulumi: project/stack/name #hash]`) the provider appends to tokens it makes.
 */
export function declaredPart(portalNote: string): string {
  return portalNote.replace(/ ?\[managed by Pulumi: [^\]]+\]$/, "");
}
