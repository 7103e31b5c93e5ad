#!/usr/bin/env node
// @ts-check
"use strict";
/**
 * The baseline: what users do today without a provider. Creates API tokens one after another, each
 * with one LMv1-signed POST, the way LogicMonitor's REST examples do (sign, send, wait, repeat).
 * Node built-ins only, deliberately independent of this package's client.
 *
 *   node sign-and-post.js --admins 1,32,131 --count 200 [--first 0]
 *
 * Token i (from --first) goes to admin (i mod number of admins) with note "bench token i".
 * Reads LM_BASE_URL (…/santaba/rest), LM_ACCESS_ID and LM_ACCESS_KEY from the environment.
 * Prints one line per token (id and access id, never the key); exits 1 at the first failure.
 */
const crypto = require("node:crypto");
const http = require("node:http");
const https = require("node:https");

/** @param {string} name @param {string | undefined} fallback */
function arg(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : fallback;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}

/** @param {string} name */
function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name} (LM_BASE_URL, LM_ACCESS_ID and LM_ACCESS_KEY are required)`);
  return value;
}

/**
 * LMv1: base64 of the hex HMAC-SHA256 of verb + epoch + body + resource path.
 * @param {string} accessId @param {string} accessKey @param {string} verb @param {number} epoch
 * @param {string} body @param {string} resourcePath
 */
function lmv1(accessId, accessKey, verb, epoch, body, resourcePath) {
  const hex = crypto.createHmac("sha256", accessKey).update(verb + epoch + body + resourcePath).digest("hex");
  return `LMv1 ${accessId}:${Buffer.from(hex).toString("base64")}:${epoch}`;
}

/**
 * POSTs one JSON body; resolves with the status and the parsed response.
 * @param {string} baseUrl @param {string} resourcePath @param {string} body @param {string} authorization
 * @returns {Promise<{ status: number, json: any }>}
 */
function post(baseUrl, resourcePath, body, authorization) {
  const url = new URL(baseUrl + resourcePath);
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      {
        method: "POST",
        headers: {
          Authorization: authorization,
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "X-Version": "3",
        },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, json: text ? JSON.parse(text) : {} }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

async function main() {
  const baseUrl = env("LM_BASE_URL").replace(/\/+$/, "");
  const accessId = env("LM_ACCESS_ID");
  const accessKey = env("LM_ACCESS_KEY");
  const admins = arg("admins", undefined).split(",").map(Number);
  const count = Number(arg("count", undefined));
  const first = Number(arg("first", "0"));
  for (let i = first; i < first + count; i += 1) {
    const adminId = admins[i % admins.length];
    const resourcePath = `/setting/admins/${adminId}/apitokens`;
    const body = JSON.stringify({ note: `bench token ${i}`, status: 2 });
    const authorization = lmv1(accessId, accessKey, "POST", Date.now(), body, resourcePath);
    const { status, json } = await post(baseUrl, resourcePath, body, authorization);
    if (status !== 200) throw new Error(`POST ${resourcePath} answered ${status}: ${json.errorMessage ?? ""}`);
    console.log(`created token ${json.id} (${json.accessId}) for admin ${adminId}`);
  }
}

main().catch((error) => {
  console.error(`sign-and-post: ${error.message}`);
  process.exit(1);
});
