import { ApiToken } from "../../provider";

/** The package root's dynamic ApiToken refuses the `import` option before reaching the engine. */

describe("the dynamic ApiToken given the import resource option", () => {
  it("throws at construction, naming existingTokenId with the ids and the plugin face", () => {
    let thrown: unknown;
    try {
      new ApiToken("legacy", { adminId: 32 }, { import: "32/17" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const message = (thrown as Error).message;
    expect(message).toContain('ApiToken "legacy": the import resource option does not work with the dynamic ApiToken');
    expect(message).toContain("existingTokenId: 17");
    expect(message).toContain("adminId: 32");
    expect(message).toContain('"pulumi-logicmonitor-apitoken/plugin"');
  });

  it("carries the access id of an <adminId>/<tokenId>/<accessId> import id into existingAccessId", () => {
    expect(() => new ApiToken("legacy", { adminId: 32 }, { import: "32/17/Ab12Cd34" })).toThrow('existingTokenId: 17, existingAccessId: "Ab12Cd34"');
  });

  it("names placeholders when the id is not <adminId>/<tokenId>", () => {
    expect(() => new ApiToken("legacy", { adminId: 32 }, { import: "17" })).toThrow("existingTokenId: <token id>");
  });
});
