import * as fs from "node:fs";
import * as path from "node:path";
import { createExampleStack, type ExampleStack } from "../../helpers/stack";
import { heldTokens } from "../../helpers/stack-state";

/**
 * Breaker finding: a resource that adopted a token (existingTokenId + existingAccessId) is
 * replaced (a keepers change, `up --replace`). The replacement "creates" by adopting the very
 * same token, then the engine deletes the old resource: the same token. The stack then holds a
 * token that no longer exists; the adopted live credential is gone.
 *
 * What should happen: the adopted token survives (a replacement of an adopted resource either
 * refuses, or never deletes a token the new resource holds).
 */
jest.setTimeout(600_000);

describe("adopted token, then a replacement (plugin face, YAML)", () => {
  let stack: ExampleStack;
  afterEach(async () => stack?.dispose());

  async function adoptThenReplace(replace: (s: ExampleStack) => Promise<void>) {
    stack = await createExampleStack("yaml");
    const [minted] = (await stack.portal.mintTokens({ adminId: 32, note: "made by hand, used by CI" })) as { id: number; accessId: string }[];
    const file = path.join(stack.project.dir, "Pulumi.yaml");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace(
        "      note: ${note}\n",
        `      note: \${note}\n      existingTokenId: ${minted!.id}\n      existingAccessId: ${minted!.accessId}\n      keepers:\n        rotation: "1"\n`,
      ),
    );
    await stack.project.pulumiOk(["up", "--yes", "--skip-preview"]);
    expect((await heldTokens(stack.project)).map((t) => t.tokenId)).toEqual([minted!.id]);
    await replace(stack);
    const live = (await stack.portal.tokens()).map((t) => t.id);
    const held = (await heldTokens(stack.project)).map((t) => t.tokenId);
    return { minted: minted!.id, live, held };
  }

  it("a keepers change keeps the adopted token alive", async () => {
    const r = await adoptThenReplace(async (s) => {
      const file = path.join(s.project.dir, "Pulumi.yaml");
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('rotation: "1"', 'rotation: "2"'));
      await s.project.pulumi(["up", "--yes", "--skip-preview"]);
    });
    expect(r.held).toEqual([r.minted]);
    expect(r.live).toContain(r.minted);
  });

  it("`up --replace` keeps the adopted token alive", async () => {
    const r = await adoptThenReplace(async (s) => {
      const urn = `urn:pulumi:dev::lm-apitoken-yaml::logicmonitor:index:ApiToken::ci-bot`;
      await s.project.pulumi(["up", "--yes", "--skip-preview", "--replace", urn]);
    });
    expect(r.held).toEqual([r.minted]);
    expect(r.live).toContain(r.minted);
  });
});
