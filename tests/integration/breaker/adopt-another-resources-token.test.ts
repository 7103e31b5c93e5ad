import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token/provider";
import { markOf, splitNote } from "../../../provider/core/ownership";
import { control } from "../../helpers/control";

/**
 * Breaker finding: adoption (`existingTokenId` + `existingAccessId`) proves WHICH token is meant,
 * not that it is free. A token that another resource manages (its ownership mark ends the note, and
 * that resource's provider made it) is adopted without a word: its note is rewritten with this
 * resource's mark, two stacks now hold it, and whichever is destroyed first deletes the other's
 * live credential.
 *
 * What should happen: adopting a token that carries another resource's ownership mark fails (naming
 * the mark and what to do, e.g. remove it from that stack first), and changes nothing.
 */
describe("adopting a token another resource manages", () => {
  let portal: RunningEmulator;
  beforeAll(async () => {
    portal = await startEmulator();
  });
  afterAll(async () => portal.close());

  it("is refused and leaves the other resource's mark in place", async () => {
    const env = () => ({ LM_BASE_URL: portal.baseUrl, LM_ACCESS_ID: portal.accessId, LM_ACCESS_KEY: portal.accessKey });
    // The other stack's resource makes its token through the provider.
    const otherUrn = "urn:pulumi:prod::billing::pulumi-nodejs:dynamic/logicmonitor:ApiToken::deployer";
    const theirs = await new ApiTokenProvider({ env, report: () => undefined }).create({
      adminId: 32, note: "billing deploys", status: "enabled", type: "lmv1", keepers: {}, ownerUrn: otherUrn,
    });
    const ourUrn = "urn:pulumi:dev::ci::pulumi-nodejs:dynamic/logicmonitor:ApiToken::ci-bot";
    const outcome = await new ApiTokenProvider({ env, report: () => undefined })
      .create({
        adminId: 32, note: "CI deploys", status: "enabled", type: "lmv1", keepers: {}, ownerUrn: ourUrn,
        existingTokenId: theirs.outs.tokenId, existingAccessId: theirs.outs.accessId,
      })
      .then(() => "adopted", (error: unknown) => (error instanceof Error ? "refused" : "failed"));
    const note = (await control(portal.url).tokens()).find((t) => t.id === theirs.outs.tokenId)?.note ?? "";
    expect({ outcome, mark: splitNote(note).mark?.name }).toEqual({ outcome: "refused", mark: markOf(otherUrn)!.name });
  });
});
