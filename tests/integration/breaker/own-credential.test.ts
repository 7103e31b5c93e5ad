import { startEmulator, type RunningEmulator } from "../../../provider/emulator";
import { ApiTokenProvider } from "../../../provider/resources/api-token/provider";
import { control } from "../../helpers/control";

/**
 * Breaker finding (low): the provider adopts, and on destroy deletes, the very credential it runs
 * with. `lm-apitoken orphans` never lists or deletes its own credential (own-credential.ts), but an
 * `ApiToken` with `existingTokenId`/`existingAccessId` naming the provider's own token (or a
 * `pulumi import` of its id) is taken, re-marked, and deleted on destroy: every stack and CI job
 * using that key loses access, including the rest of this very run.
 *
 * What should happen: adopting (or importing) the credential the provider authenticates with is
 * refused, as the orphan finder refuses to touch it.
 */
describe("adopting the provider's own credential", () => {
  let portal: RunningEmulator;
  beforeAll(async () => {
    portal = await startEmulator();
  });
  afterAll(async () => portal.close());

  it("is refused", async () => {
    const own = (await control(portal.url).tokens()).find((t) => t.accessId === portal.accessId)!;
    const provider = new ApiTokenProvider({
      env: () => ({ LM_BASE_URL: portal.baseUrl, LM_ACCESS_ID: portal.accessId, LM_ACCESS_KEY: portal.accessKey }),
      report: () => undefined,
    });
    const outcome = await provider
      .create({
        adminId: own.adminId, note: "root", status: "enabled", type: "lmv1", keepers: {},
        ownerUrn: "urn:pulumi:dev::ci::pulumi-nodejs:dynamic/logicmonitor:ApiToken::root",
        existingTokenId: own.id, existingAccessId: own.accessId,
      })
      .then(() => "adopted", () => "refused");
    expect(outcome).toBe("refused");
  });
});
