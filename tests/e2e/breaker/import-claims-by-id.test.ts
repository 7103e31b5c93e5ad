import { formatMark, markOf, splitNote } from "../../../provider/core/ownership";
import { createExampleStack, type ExampleStack } from "../../helpers/stack";
import { heldTokens } from "../../helpers/stack-state";

/**
 * Breaker finding: `pulumi import` on the plugin face claims a token by its id alone. Adoption
 * with `existingTokenId` demands `existingAccessId` ("token ids are numbered per portal, so the
 * access id proves which token you mean"), but `pulumi import logicmonitor:index:ApiToken <name>
 * <adminId>/<tokenId>` takes whatever token sits at that id in the configured portal: another
 * portal's (a stack pointed at staging), or one another stack manages (its ownership mark in the
 * note). No warning; the next `up` overwrites the other resource's mark with this one's, and
 * `destroy` deletes the token the other stack still holds.
 *
 * What should happen: an import of a token that carries another resource's ownership mark is
 * refused (or at least needs the access id as proof, e.g. `<adminId>/<tokenId>/<accessId>`), and
 * the provider never rewrites another resource's mark.
 */
jest.setTimeout(600_000);

describe("pulumi import of another stack's token (plugin face, YAML)", () => {
  let stack: ExampleStack;
  afterAll(async () => stack?.dispose());

  it("is refused, and the other stack's token keeps its mark and stays alive", async () => {
    stack = await createExampleStack("yaml");
    const otherMark = markOf("urn:pulumi:prod::billing::logicmonitor:index:ApiToken::deployer")!;
    const [other] = (await stack.portal.mintTokens({ adminId: 32, note: `billing deploys ${formatMark(otherMark)}` })) as { id: number }[];
    const imported = await stack.project.pulumi(["import", "logicmonitor:index:ApiToken", "ci-bot", `32/${other!.id}`, "--yes", "--protect=false"]);
    const up = await stack.project.pulumi(["up", "--yes", "--skip-preview"]);
    const noteAfterUp = (await stack.portal.tokens()).find((t) => t.id === other!.id)?.note ?? "(gone)";
    const destroy = await stack.project.pulumi(["destroy", "--yes", "--skip-preview"]);
    const alive = (await stack.portal.tokens()).some((t) => t.id === other!.id);
    expect({
      importRefused: imported.code !== 0,
      markAfterUp: splitNote(noteAfterUp).mark,
      aliveAfterDestroy: alive,
      held: (await heldTokens(stack.project)).map((t) => t.tokenId).filter((id) => id === other!.id),
      upCode: up.code,
      destroyCode: destroy.code,
    }).toEqual({ importRefused: true, markAfterUp: otherMark, aliveAfterDestroy: true, held: [], upCode: expect.any(Number), destroyCode: expect.any(Number) });
  });
});
