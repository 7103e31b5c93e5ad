import { checkApiTokenInputs, type ApiTokenInputs, type ApiTokenOutputs } from "../../../provider/resources/api-token/inputs";
import { CONFIG_KEYS } from "../../../provider/core/provider-config";
import { FACE_SUPPLIED_INPUTS } from "../../../provider/plugin/resource-provider";
import { API_TOKEN_TYPE, packageSchema, type SchemaProperty } from "../../../provider/plugin/schema";

/**
 * The package schema against what the provider accepts: the same properties as the lifecycle's
 * input and output types, defaults equal to the lifecycle's, and every type the schema declares
 * accepted by `check` (and a wrong type rejected, naming the property).
 */

// Compile-time lists of the lifecycle's properties: adding one to ApiTokenInputs/Outputs without
// listing it here fails to compile, and then the comparisons below fail until the schema has it.
const INPUT_KEYS = {
  adminId: true, adminUsername: true, note: true, status: true, type: true, keepers: true, existingTokenId: true, existingAccessId: true, ownerUrn: true,
} satisfies Record<keyof ApiTokenInputs, true>;
const OUTPUT_KEYS = {
  ...INPUT_KEYS, tokenId: true, adminName: true, accessId: true, accessKey: true, createdBy: true, createdOn: true, lastUsedOn: true, roles: true, portal: true,
} satisfies Record<keyof ApiTokenOutputs, true>;

const schema = packageSchema("1.2.3") as {
  name: string;
  version: string;
  config: { variables: Record<string, SchemaProperty> };
  types: Record<string, { enum: { value: string }[] }>;
  resources: Record<string, { inputProperties: Record<string, SchemaProperty>; properties: Record<string, SchemaProperty>; required: string[] }>;
};
const resource = schema.resources[API_TOKEN_TYPE]!;
const userInputs = (keys: object) => Object.keys(keys).filter((key) => !FACE_SUPPLIED_INPUTS.includes(key)).sort();

/** A valid value of a schema property's type (the first enum value for enums). */
function sample(property: SchemaProperty): unknown {
  if (property.$ref) return schema.types[property.$ref.replace("#/types/", "")]!.enum[0]!.value;
  switch (property.type) {
    case "integer": return 17;
    case "string": return "x";
    case "object": return { rotation: "2026-Q4" };
    case "array": return ["x"];
    default: throw new Error(`no sample for ${JSON.stringify(property)}`);
  }
}

/** A value of another type than the schema says. */
function wrongType(property: SchemaProperty): unknown {
  return property.type === "string" || property.$ref ? 12.5 : "not-a-number";
}

describe("the logicmonitor package schema", () => {
  it("names the package, its version and the resource", () => {
    expect(schema.name).toBe("logicmonitor");
    expect(schema.version).toBe("1.2.3");
    expect(Object.keys(schema.resources)).toEqual(["logicmonitor:index:ApiToken"]);
  });

  it("declares exactly the lifecycle's inputs and outputs, each typed and described", () => {
    expect(Object.keys(resource.inputProperties).sort()).toEqual(userInputs(INPUT_KEYS));
    expect(Object.keys(resource.properties).sort()).toEqual(userInputs(OUTPUT_KEYS));
    for (const [name, property] of [...Object.entries(resource.inputProperties), ...Object.entries(resource.properties)]) {
      expect({ name, typed: Boolean(property.type || property.$ref), described: property.description.length > 10 }).toEqual({ name, typed: true, described: true });
    }
  });

  it("makes the key, and only the key, a secret output", () => {
    const secrets = Object.entries(resource.properties).filter(([, p]) => p.secret).map(([name]) => name);
    expect(secrets).toEqual(["accessKey"]);
  });

  it("states the defaults that check applies", () => {
    const { inputs } = checkApiTokenInputs({ adminId: 32 });
    for (const [name, property] of Object.entries(resource.inputProperties)) {
      if (property.default !== undefined) expect({ name, value: (inputs as unknown as Record<string, unknown>)[name] }).toEqual({ name, value: property.default });
    }
  });

  it("check accepts a value of every declared input type, and keeps it", () => {
    for (const owner of ["adminId", "adminUsername"]) {
      const raw: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(resource.inputProperties)) {
        if (name === "adminId" || name === "adminUsername") continue;
        raw[name] = sample(property);
      }
      raw[owner] = sample(resource.inputProperties[owner]!);
      const { inputs, failures } = checkApiTokenInputs(raw);
      expect(failures).toEqual([]);
      expect(inputs).toEqual(expect.objectContaining(raw));
    }
  });

  it("check rejects a value of another type for every input, naming the property", () => {
    for (const [name, property] of Object.entries(resource.inputProperties)) {
      const raw: Record<string, unknown> = { adminId: 32, [name]: wrongType(property) };
      const { failures } = checkApiTokenInputs(raw);
      expect({ name, failed: failures.some((failure) => failure.property === name) }).toEqual({ name, failed: true });
    }
  });

  it("declares every provider configuration key, the credentials secret", () => {
    const keys = Object.values(CONFIG_KEYS).map((key) => key.replace("logicmonitor:", "")).sort();
    expect(Object.keys(schema.config.variables).sort()).toEqual(keys);
    expect(Object.entries(schema.config.variables).filter(([, p]) => p.secret).map(([n]) => n).sort()).toEqual(["accessKey", "bearerToken"]);
  });
});
