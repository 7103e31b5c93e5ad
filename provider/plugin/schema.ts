/**
 * The Pulumi package schema of the plugin face: the `logicmonitor:index:ApiToken` and
 * `logicmonitor:index:RotatingApiToken` resources and the provider's configuration. Served by GetSchema; Pulumi YAML type-checks programs against it,
 * makes `secret` properties secret, and SDK generators (`pulumi package gen-sdk`) read it.
 *
 * The property sets mirror the lifecycles' `ApiTokenInputs` / `ApiTokenOutputs` and
 * `RotatingApiTokenInputs` / `RotatingApiTokenOutputs`; tests/unit/plugin/schema.test.ts fails
 * when they drift apart.
 */
import { CONFIG_NAMES, PACKAGE_NAME, SECRET_CONFIG_NAMES, type ConfigName } from "./provider-config";

/** The resource's type token. */
export const API_TOKEN_TYPE = `${PACKAGE_NAME}:index:ApiToken`;

/** The rotating resource's type token. */
export const ROTATING_API_TOKEN_TYPE = `${PACKAGE_NAME}:index:RotatingApiToken`;

/** A property in a Pulumi package schema (the subset this package uses). */
export interface SchemaProperty {
  type?: "string" | "integer" | "number" | "boolean" | "array" | "object";
  $ref?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
  description: string;
  secret?: boolean;
  default?: unknown;
  replaceOnChanges?: boolean;
}

/**
 * The Go SDK's package path: sdk/go is the Go module `pulumi-logicmonitor-apitoken/sdk/go` (a
 * module path that names no host, as no public repository exists yet: a Go program uses it with
 * a `replace` directive to a copy of sdk/go).
 */
const GO_IMPORT_BASE_PATH = "pulumi-logicmonitor-apitoken/sdk/go/logicmonitor";

const STATUS_TYPE = `${PACKAGE_NAME}:index:ApiTokenStatus`;
const TOKEN_TYPE = `${PACKAGE_NAME}:index:ApiTokenType`;

/** The resource's inputs (what users set). */
export const API_TOKEN_INPUTS: Record<string, SchemaProperty> = {
  adminId: {
    type: "integer",
    description:
      "The id of the LogicMonitor user (admin) that owns the token. Exactly one of `adminId` and `adminUsername`. Changing it replaces the token.",
  },
  adminUsername: {
    type: "string",
    description:
      "The owner's username, resolved to its id when the token is created. Exactly one of `adminId` and `adminUsername`. Changing it to another user replaces the token.",
  },
  note: { type: "string", default: "", description: "Free-text note shown in the portal. Updated in place." },
  status: {
    $ref: `#/types/${STATUS_TYPE}`,
    default: "enabled",
    description: "`enabled` or `disabled`; a disabled token cannot authenticate. Updated in place.",
  },
  type: {
    $ref: `#/types/${TOKEN_TYPE}`,
    default: "lmv1",
    description: "`lmv1` for an access id/key pair, or `bearer` for a Bearer token. Changing it replaces the token.",
  },
  keepers: {
    type: "object",
    additionalProperties: { type: "string", description: "A keeper value." },
    description:
      "Arbitrary strings; any change replaces the token, creating the new one before deleting the old one. Feed it a date to rotate on a schedule.",
  },
  existingTokenId: {
    type: "integer",
    description:
      "Adopt this existing token of the owner instead of creating one; `existingAccessId` must name its access id too. An adopted token has no `accessKey`: LogicMonitor shows a key only when it is created. `pulumi import` is the other way to take a token under management.",
  },
  existingAccessId: {
    type: "string",
    description:
      "The access id of the token `existingTokenId` names, as the portal shows it: token ids are numbered per portal, so the access id proves the token is the one meant and not another portal's token with the same id.",
  },
};

/** What the resource reports: every input, plus what LogicMonitor says about the token. */
export const API_TOKEN_OUTPUTS: Record<string, SchemaProperty> = {
  ...API_TOKEN_INPUTS,
  adminId: { type: "integer", description: "The owner's admin id (resolved when the input was `adminUsername`)." },
  tokenId: { type: "integer", description: "LogicMonitor's id of the token." },
  adminName: { type: "string", description: "The owner's username as LogicMonitor reports it." },
  accessId: { type: "string", description: "The public half of the token (for Bearer tokens, LogicMonitor's id of it)." },
  accessKey: {
    type: "string",
    secret: true,
    description:
      "The secret half of the token (for Bearer tokens, the token itself). Always a secret. Absent for adopted and imported tokens: LogicMonitor returns it only when the token is created.",
  },
  createdBy: { type: "string", description: "The user who created the token." },
  createdOn: { type: "integer", description: "Creation time, epoch seconds." },
  lastUsedOn: { type: "integer", description: "Last use, epoch seconds (0 if never used); refreshed by `pulumi refresh`." },
  roles: { type: "array", items: { type: "string", description: "A role name." }, description: "The owner's role names, which the token inherits." },
  portal: {
    type: "string",
    description:
      "The portal the token lives in (its REST base URL, normalized). With `tokenId` and `accessId` it is the token's identity: the provider acts only on the token at that id whose access id matches.",
  },
};

/** Outputs every token has (the rest are absent for some tokens). */
export const API_TOKEN_REQUIRED_OUTPUTS = [
  "adminId", "note", "status", "type", "keepers", "tokenId", "adminName", "accessId", "createdBy", "createdOn", "lastUsedOn", "roles",
];

/** RotatingApiToken's inputs (what users set). */
export const ROTATING_API_TOKEN_INPUTS: Record<string, SchemaProperty> = {
  adminId: {
    type: "integer",
    description:
      "The id of the LogicMonitor user (admin) that owns both keys. Exactly one of `adminId` and `adminUsername`. Changing it replaces the resource: both keys are replaced at once, with no overlap.",
  },
  adminUsername: {
    type: "string",
    description:
      "The owner's username, resolved to its id when the first key is made. Exactly one of `adminId` and `adminUsername`. Changing it to another user replaces the resource.",
  },
  note: { type: "string", default: "", description: "Free-text note of both keys in the portal. Updated in place." },
  type: {
    $ref: `#/types/${TOKEN_TYPE}`,
    default: "lmv1",
    description: "`lmv1` for access id/key pairs, or `bearer` for Bearer tokens. Changing it replaces the resource.",
  },
  rotationTriggers: {
    type: "object",
    additionalProperties: { type: "string", description: "A trigger value." },
    description:
      "Arbitrary strings; any change rotates, as an in-place update: a new current key is made and the old current key becomes the previous key. Feed it a date or a version to rotate on demand.",
  },
  rotateAfterDays: {
    type: "integer",
    description:
      "Rotate at the first `up` after the current key is this many days old; `preview` shows the rotation when it is due. Never by age when absent.",
  },
  overlapHours: {
    type: "integer",
    default: 24,
    description:
      "The previous key lives at least this many hours after the rotation that made it previous. A rotation that would need to retire a previous key still in its overlap fails before it changes anything.",
  },
  retireWhenUnusedForMinutes: {
    type: "integer",
    default: 60,
    description:
      "Once its overlap is over, the previous key is retired at an `up` only if LogicMonitor shows it unused for this many minutes (`lastUsedOn` zero or at least this old); a key still in use is kept, and `up` names it. 0: its use is not consulted.",
  },
};

/** What RotatingApiToken reports: every input, the current key, and the previous key when there is one. */
export const ROTATING_API_TOKEN_OUTPUTS: Record<string, SchemaProperty> = {
  ...ROTATING_API_TOKEN_INPUTS,
  adminId: { type: "integer", description: "The owner's admin id (resolved when the input was `adminUsername`)." },
  adminName: { type: "string", description: "The owner's username as LogicMonitor reports it." },
  portal: {
    type: "string",
    description:
      "The portal both keys live in (its REST base URL, normalized). With a key's token id and access id it is the key's identity: the provider acts only on the token at that id whose access id matches.",
  },
  tokenId: {
    type: "integer",
    description:
      "The current key's token id. The current key's outputs are absent only between a `refresh` that found it deleted outside Pulumi and the next `up`, which makes a new one.",
  },
  accessId: { type: "string", description: "The current key's access id (for Bearer tokens, LogicMonitor's id of it)." },
  accessKey: { type: "string", secret: true, description: "The current key's secret half (for Bearer tokens, the token itself). Always a secret." },
  createdOn: { type: "integer", description: "When the current key was made, epoch seconds." },
  lastUsedOn: { type: "integer", description: "The current key's last use, epoch seconds (0 if never used), as of the last `up` or `refresh`." },
  status: { $ref: `#/types/${STATUS_TYPE}`, description: "The current key's status; a key disabled by hand is enabled again by the next `up`." },
  previousTokenId: { type: "integer", description: "The previous key's token id; absent when there is none." },
  previousAccessId: { type: "string", description: "The previous key's access id; absent when there is none." },
  previousAccessKey: { type: "string", secret: true, description: "The previous key's secret half; absent when there is none. Always a secret." },
  previousLastUsedOn: {
    type: "integer",
    description: "The previous key's last use, epoch seconds (0 if never used), as of the last `up` or `refresh`; absent when there is none.",
  },
  previousStatus: { $ref: `#/types/${STATUS_TYPE}`, description: "The previous key's status; absent when there is none." },
  rotatedOn: { type: "integer", description: "When the current key became current, epoch seconds; the previous key's overlap counts from here." },
};

/** Outputs every RotatingApiToken has. */
export const ROTATING_API_TOKEN_REQUIRED_OUTPUTS = [
  "adminId", "adminName", "note", "type", "rotationTriggers", "overlapHours", "retireWhenUnusedForMinutes", "portal", "rotatedOn",
];

const CONFIG_DESCRIPTIONS: Record<ConfigName, string> = {
  company: "Portal name: `acme` for `https://acme.logicmonitor.com`. Environment fallback: `LM_COMPANY` (or `LM_ACCOUNT`).",
  domain: "Portal domain, default `logicmonitor.com`; `lmgov.us` for GovCloud. Environment fallback: `LM_DOMAIN`.",
  baseUrl:
    "Full REST base instead of company/domain, e.g. a proxy or the emulator: `http://127.0.0.1:8080/santaba/rest`. Environment fallback: `LM_BASE_URL`.",
  accessId: "LMv1 access id of the API token the provider signs with. Environment fallback: `LM_ACCESS_ID` (or `LM_API_ID`).",
  accessKey: "Its access key. Environment fallback: `LM_ACCESS_KEY` (or `LM_API_KEY`).",
  bearerToken: "A Bearer token instead of LMv1 credentials. Environment fallback: `LM_BEARER_TOKEN`.",
};

function configProperties(): Record<string, SchemaProperty> {
  const properties: Record<string, SchemaProperty> = {};
  for (const name of CONFIG_NAMES) {
    properties[name] = { type: "string", description: CONFIG_DESCRIPTIONS[name] };
    if (SECRET_CONFIG_NAMES.includes(name)) properties[name].secret = true;
  }
  return properties;
}

/** The package schema for a given plugin version. */
export function packageSchema(version: string): Record<string, unknown> {
  const config = configProperties();
  return {
    name: PACKAGE_NAME,
    displayName: "LogicMonitor API tokens",
    version,
    description: "LogicMonitor API tokens as Pulumi resources: create, rotate, adopt, import and delete them, with the key always secret.",
    keywords: ["pulumi", "logicmonitor", "category/monitoring", "kind/native"],
    license: "Apache-2.0",
    publisher: "pulumi-logicmonitor-apitoken",
    config: { variables: config },
    provider: {
      description: "The LogicMonitor portal and the credentials the provider signs its requests with.",
      inputProperties: config,
      properties: config,
    },
    types: {
      [STATUS_TYPE]: {
        type: "string",
        description: "Whether a token can authenticate.",
        enum: [
          { name: "Enabled", value: "enabled", description: "The token can authenticate (LogicMonitor's status 2)." },
          { name: "Disabled", value: "disabled", description: "The token cannot authenticate (LogicMonitor's status 1)." },
        ],
      },
      [TOKEN_TYPE]: {
        type: "string",
        description: "The kind of API token.",
        enum: [
          { name: "Lmv1", value: "lmv1", description: "An LMv1 access id and key, for HMAC-signed requests." },
          { name: "Bearer", value: "bearer", description: "A Bearer token." },
        ],
      },
    },
    resources: {
      [API_TOKEN_TYPE]: {
        description:
          "A LogicMonitor API token. The resource id is `<adminId>/<tokenId>`; `pulumi import logicmonitor:index:ApiToken <name> <adminId>/<tokenId>` takes an existing token under management (without its key).",
        inputProperties: API_TOKEN_INPUTS,
        requiredInputs: [],
        properties: API_TOKEN_OUTPUTS,
        required: API_TOKEN_REQUIRED_OUTPUTS,
      },
      [ROTATING_API_TOKEN_TYPE]: {
        description:
          "Two LogicMonitor API tokens of one owner that rotate without downtime: the current key and, after a rotation, the previous one. " +
          "A rotation (a `rotationTriggers` change, or `rotateAfterDays` reached) is an in-place update: a new current key is made and the old one " +
          "becomes the previous key, which is retired at a later `up` once its overlap is over and LogicMonitor shows it unused. Consumers use " +
          "`accessId`/`accessKey` and fall back to `previousAccessId`/`previousAccessKey`. Destroy deletes both keys. It cannot be imported.",
        inputProperties: ROTATING_API_TOKEN_INPUTS,
        requiredInputs: [],
        properties: ROTATING_API_TOKEN_OUTPUTS,
        required: ROTATING_API_TOKEN_REQUIRED_OUTPUTS,
      },
    },
    // TypeScript programs use this package's own `pulumi-logicmonitor-apitoken/plugin` classes;
    // the Python and Go SDKs are generated from this schema (scripts/gen-sdk, committed under
    // sdk/). Both carry the plugin's version (`respectSchemaVersion`), so the engine installs and
    // runs the plugin of the same version; the generator's minimum Python SDK applies.
    language: {
      python: { packageName: "pulumi_logicmonitor", respectSchemaVersion: true, pyproject: { enabled: true } },
      go: { importBasePath: GO_IMPORT_BASE_PATH, respectSchemaVersion: true },
    },
  };
}
