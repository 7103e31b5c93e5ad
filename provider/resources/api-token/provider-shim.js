"use strict";
/**
 * The serialized provider shim as a module of its own: `module.exports` IS the shim object.
 *
 * Why: Pulumi's closure serializer writes a captured value that is the `module.exports` of a
 * module under node_modules as `require("<package export>")` instead of serializing it by value.
 * With the package installed normally (a real folder in node_modules), every ApiToken's
 * `__provider` is then a few hundred bytes that require `pulumi-logicmonitor-apitoken/provider-shim`
 * (the same text in every version) rather than the ~3 KB by-value copy of the shim. The engine
 * stores `__provider` twice per resource and rewrites the whole state after every step, so this
 * is most of the state an ApiToken costs. Where the package is linked rather than installed
 * (npm link, `file:` dependencies, workspaces), the serializer falls back to the by-value copy,
 * which behaves the same.
 */
module.exports = require("./serialized-provider").serializedApiTokenProvider;
