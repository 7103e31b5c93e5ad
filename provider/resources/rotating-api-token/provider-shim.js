"use strict";
/**
 * RotatingApiToken's serialized provider shim as a module of its own: `module.exports` IS the
 * shim object, so an installed package serializes it as the short
 * `require("pulumi-logicmonitor-apitoken/rotating-provider-shim")` (see ../api-token/provider-shim.js).
 */
module.exports = require("./serialized-provider").serializedRotatingApiTokenProvider;
